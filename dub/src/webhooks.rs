//! Webhooks: typed events and `Dub-Signature` verification.
