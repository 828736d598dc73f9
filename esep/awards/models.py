"""The party's awards: the catalogue, nominations, the granting body's decisions, ceremonies, certificates in kk and ru."""
