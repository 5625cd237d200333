-- The anomaly list and the home page's count of open anomalies read only flagged check-ins: a few in a hundred, not five years
-- of every check-in (1.4 s on the home page at 5.7 million check-ins, measured by bench scale).
CREATE INDEX attendance_flagged_ix ON training.attendance (session_id) WHERE flags <> '{}';

-- A session's invited count (session lists, the week tile, results) from the index alone.
CREATE INDEX participant_invited_ix ON training.participant (session_id) WHERE status = 'invited';
