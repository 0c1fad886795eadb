"""Exchange: existing knelpuntenlijsten in (import), every knelpunt out (export)."""
