"""In-app notifications, e-mail delivered through an outbox, and the record of background failures."""
