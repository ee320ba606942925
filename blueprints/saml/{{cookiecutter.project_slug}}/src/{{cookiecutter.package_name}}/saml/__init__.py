"""SAML 2.0: this service as a service provider. The metadata is served; the login flow is not built yet."""
