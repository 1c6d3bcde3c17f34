"""Sign-in to Salesforce orgs: authorize requests, callbacks, token endpoint, identity (Qt-free)."""
