"""Support programmes, support grants and their approval (chăm lo)."""
