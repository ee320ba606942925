"""Work the routes and the commands share: one module per resource."""
