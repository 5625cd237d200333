-- Skills an employee declares they want to learn (a self-declared training need).
CREATE TABLE competence.skill_wish (
    id uuid PRIMARY KEY,
    employee_id uuid NOT NULL REFERENCES org.employee (id),
    skill_id uuid NOT NULL REFERENCES competence.skill (id),
    note text,
    created_at timestamptz NOT NULL,
    withdrawn_at timestamptz);
CREATE UNIQUE INDEX skill_wish_open_ux ON competence.skill_wish (employee_id, skill_id) WHERE withdrawn_at IS NULL;
