"""Connect Desktop: a desktop client for the Salesforce Connect REST API."""

__version__ = "0.1.0"
APP_NAME = "Connect Desktop"
