"""Aid campaigns: beneficiary households, deliveries, partners' contributions and the campaign's money."""
