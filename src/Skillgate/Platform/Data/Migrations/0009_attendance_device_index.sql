-- The shared-phone rule looks up who else used a phone in a session on every check-in batch.
CREATE INDEX attendance_device_ix ON training.attendance (session_id, device) WHERE device IS NOT NULL;
