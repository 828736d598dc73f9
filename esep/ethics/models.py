"""Members' ethics cases under the party's ethics code: the complaint, the member's answer, the body's decision, sanctions with their terms, reviews by the parent branch's body."""
