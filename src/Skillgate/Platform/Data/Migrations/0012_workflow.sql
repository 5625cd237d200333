-- Cross-department workflows (职责映射/流程协同): versioned definitions, working calendars, instances with one open task at a time,
-- SLA breaches and escalations that every node's job records once.
CREATE SCHEMA workflow;

-- A working calendar for an org unit and its subtree (the nearest one applies); the one without a unit is the default.
CREATE TABLE workflow.calendar (
    id uuid PRIMARY KEY,
    org_unit_id uuid REFERENCES org.org_unit (id),
    name text NOT NULL,
    time_zone text NOT NULL,
    day_start time NOT NULL,
    day_end time NOT NULL CHECK (day_end > day_start),
    workdays integer[] NOT NULL,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX calendar_unit_ux ON workflow.calendar (coalesce(org_unit_id, '00000000-0000-0000-0000-000000000000'));

-- A holiday (working = false) or a make-up working day on a weekend (调休, working = true).
CREATE TABLE workflow.calendar_day (
    calendar_id uuid NOT NULL REFERENCES workflow.calendar (id) ON DELETE CASCADE,
    day date NOT NULL,
    working boolean NOT NULL,
    name text NOT NULL,
    PRIMARY KEY (calendar_id, day));

INSERT INTO workflow.calendar (id, org_unit_id, name, time_zone, day_start, day_end, workdays)
VALUES ('0193a000-0000-7000-8000-000000000001', NULL, '标准工作日历', 'Asia/Shanghai', '08:30', '17:30', '{1,2,3,4,5}');
INSERT INTO workflow.calendar_day (calendar_id, day, working, name)
SELECT '0193a000-0000-7000-8000-000000000001', d::date, false, n FROM (VALUES
    ('2026-01-01', '元旦'), ('2026-01-02', '元旦'), ('2026-02-16', '春节'), ('2026-02-17', '春节'), ('2026-02-18', '春节'), ('2026-02-19', '春节'), ('2026-02-20', '春节'),
    ('2026-02-23', '春节'), ('2026-04-06', '清明节'), ('2026-05-01', '劳动节'), ('2026-05-04', '劳动节'), ('2026-05-05', '劳动节'),
    ('2026-06-19', '端午节'), ('2026-09-25', '中秋节'), ('2026-10-01', '国庆节'), ('2026-10-02', '国庆节'), ('2026-10-05', '国庆节'),
    ('2026-10-06', '国庆节'), ('2026-10-07', '国庆节')) AS h(d, n);
INSERT INTO workflow.calendar_day (calendar_id, day, working, name)
SELECT '0193a000-0000-7000-8000-000000000001', d::date, true, n FROM (VALUES
    ('2026-01-04', '元旦调休'), ('2026-02-14', '春节调休'), ('2026-02-28', '春节调休'), ('2026-05-09', '劳动节调休'), ('2026-09-20', '国庆节调休'), ('2026-10-10', '国庆节调休')) AS w(d, n);

-- Who heads a department function (production, qa, …) for an org unit and its subtree: the last link of an escalation chain.
CREATE TABLE workflow.director (
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    function text NOT NULL REFERENCES org.function_tag (code) ON UPDATE CASCADE,
    user_id uuid NOT NULL REFERENCES auth.app_user (id),
    PRIMARY KEY (org_unit_id, function));

CREATE TABLE workflow.definition (
    id uuid PRIMARY KEY,
    code text NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX definition_code_ux ON workflow.definition (lower(code));

-- steps: the ordered steps as JSON (see StepDef). Running instances keep the version they started on.
CREATE TABLE workflow.definition_version (
    id uuid PRIMARY KEY,
    definition_id uuid NOT NULL REFERENCES workflow.definition (id),
    number integer NOT NULL,
    status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
    steps jsonb NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    published_by text,
    published_at timestamptz,
    UNIQUE (definition_id, number));
CREATE UNIQUE INDEX definition_version_draft_ux ON workflow.definition_version (definition_id) WHERE status = 'draft';
CREATE UNIQUE INDEX definition_version_published_ux ON workflow.definition_version (definition_id) WHERE status = 'published';

CREATE SEQUENCE workflow.instance_number;

CREATE TABLE workflow.instance (
    id uuid PRIMARY KEY,
    number text NOT NULL UNIQUE,
    definition_id uuid NOT NULL REFERENCES workflow.definition (id),
    version_id uuid NOT NULL REFERENCES workflow.definition_version (id),
    title text NOT NULL,
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    status text NOT NULL CHECK (status IN ('open', 'completed', 'rejected')),
    data jsonb NOT NULL DEFAULT '{}',
    plans uuid[] NOT NULL DEFAULT '{}',
    started_by uuid NOT NULL REFERENCES auth.app_user (id),
    started_at timestamptz NOT NULL,
    closed_at timestamptz,
    version integer NOT NULL DEFAULT 0);
CREATE INDEX instance_unit_ix ON workflow.instance (org_unit_id, started_at DESC);
CREATE INDEX instance_open_ix ON workflow.instance (started_at DESC) WHERE status = 'open';

-- One activation of a step. role and function are copied from the step when it is activated; escalations holds the chain as
-- absolute times [{at, target}], so the job needs no calendar. next_check_at is the next moment the job has something to do
-- (the due time, then each escalation), NULL once nothing is left.
CREATE TABLE workflow.task (
    id uuid PRIMARY KEY,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    instance_id uuid NOT NULL REFERENCES workflow.instance (id),
    step_key text NOT NULL,
    step_index integer NOT NULL,
    role text NOT NULL,
    function text NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'done')),
    assignee_id uuid REFERENCES auth.app_user (id),
    received_at timestamptz NOT NULL,
    started_at timestamptz,
    done_at timestamptz,
    done_by uuid REFERENCES auth.app_user (id),
    outcome text CHECK (outcome IN ('approve', 'reject', 'return')),
    comment text,
    form jsonb,
    signature_id uuid REFERENCES platform.e_signature (id),
    due_at timestamptz,
    escalations jsonb NOT NULL DEFAULT '[]',
    escalation_level integer NOT NULL DEFAULT 0,
    overdue boolean NOT NULL DEFAULT false,
    next_check_at timestamptz);
CREATE INDEX task_instance_ix ON workflow.task (instance_id, seq);
CREATE INDEX task_check_ix ON workflow.task (next_check_at) WHERE status = 'open' AND next_check_at IS NOT NULL;
CREATE INDEX task_open_role_ix ON workflow.task (role) WHERE status = 'open';

-- A comment (with an optional attachment) on an instance, outside a step's completion.
CREATE TABLE workflow.note (
    id uuid PRIMARY KEY,
    instance_id uuid NOT NULL REFERENCES workflow.instance (id),
    user_id uuid NOT NULL REFERENCES auth.app_user (id),
    at timestamptz NOT NULL,
    text text NOT NULL,
    file_id uuid REFERENCES platform.stored_file (id));
CREATE INDEX note_instance_ix ON workflow.note (instance_id, at);

-- One row per escalation level reached: the primary key is what keeps two nodes from escalating twice.
CREATE TABLE workflow.escalation (
    task_id uuid NOT NULL REFERENCES workflow.task (id),
    level integer NOT NULL,
    target text NOT NULL,
    recipients uuid[] NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (task_id, level));

-- A step that ran past its time limit, charged to the responsible department function (scored by the KPI module).
CREATE TABLE workflow.sla_breach (
    id uuid PRIMARY KEY,
    task_id uuid NOT NULL UNIQUE REFERENCES workflow.task (id),
    instance_id uuid NOT NULL REFERENCES workflow.instance (id),
    step_key text NOT NULL,
    function text NOT NULL,
    org_unit_id uuid NOT NULL REFERENCES org.org_unit (id),
    due_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    done_at timestamptz);
CREATE INDEX sla_breach_unit_ix ON workflow.sla_breach (org_unit_id, due_at DESC);

-- Whether a user may act on a step with this role for an instance in the unit at unit_path: active, holding the role, in scope.
CREATE FUNCTION workflow.eligible(who uuid, step_role text, unit_path text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM auth.app_user u WHERE u.id = who AND u.active AND step_role = ANY (u.roles) AND (u.scope_all OR EXISTS (
            SELECT 1 FROM auth.user_scope s JOIN org.org_unit r ON r.id = s.org_unit_id WHERE s.user_id = u.id AND unit_path LIKE r.path || '%')))
$$;

-- The users who may act on a task: its assignee while still eligible (else the task is back with the pool), or every eligible user.
CREATE FUNCTION workflow.responsible_users(task uuid) RETURNS uuid[] LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN t.assignee_id IS NOT NULL AND workflow.eligible(t.assignee_id, t.role, ou.path) THEN ARRAY[t.assignee_id] ELSE (
        SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') FROM auth.app_user u
        WHERE u.active AND t.role = ANY (u.roles) AND (u.scope_all OR EXISTS (
            SELECT 1 FROM auth.user_scope s JOIN org.org_unit r ON r.id = s.org_unit_id WHERE s.user_id = u.id AND ou.path LIKE r.path || '%'))) END
    FROM workflow.task t JOIN workflow.instance i ON i.id = t.instance_id JOIN org.org_unit ou ON ou.id = i.org_unit_id
    WHERE t.id = task
$$;

-- Who an escalation goes to: the managers of the responsible people, or the director of the step's function over the instance's
-- unit (the nearest one configured). Managers fall back to the director when nobody responsible has one.
CREATE FUNCTION workflow.escalation_recipients(task uuid, target text) RETURNS uuid[] LANGUAGE sql STABLE AS $$
    WITH director AS (
        SELECT d.user_id FROM workflow.task t JOIN workflow.instance i ON i.id = t.instance_id JOIN org.org_unit ou ON ou.id = i.org_unit_id
        JOIN workflow.director d ON d.function = t.function JOIN org.org_unit du ON du.id = d.org_unit_id AND ou.path LIKE du.path || '%'
        JOIN auth.app_user u ON u.id = d.user_id AND u.active
        WHERE t.id = task ORDER BY length(du.path) DESC LIMIT 1),
    managers AS (
        SELECT DISTINCT mu.id FROM unnest(workflow.responsible_users(task)) r(id) JOIN auth.app_user u ON u.id = r.id
        JOIN org.employee e ON e.id = u.employee_id JOIN auth.app_user mu ON mu.employee_id = e.manager_id AND mu.active)
    SELECT CASE
        WHEN target = 'manager' AND EXISTS (SELECT 1 FROM managers) THEN (SELECT array_agg(id ORDER BY id) FROM managers)
        ELSE coalesce((SELECT array_agg(user_id) FROM director), '{}') END
$$;

-- The built-in processes, editable (a change is a new version).
INSERT INTO workflow.definition (id, code, name_zh, name_en, created_at) VALUES
    ('0193a000-0000-7000-8000-000000000101', 'MOC', '工艺变更 (MOC)', 'Process change (MOC)', '2026-01-01T00:00:00Z'),
    ('0193a000-0000-7000-8000-000000000102', 'CAPA', '客户投诉 / CAPA (8D)', 'Customer complaint / CAPA (8D)', '2026-01-01T00:00:00Z'),
    ('0193a000-0000-7000-8000-000000000103', 'NEED-PLAN', '培训需求 → 计划审批', 'Training need → plan approval', '2026-01-01T00:00:00Z');

INSERT INTO workflow.definition_version (id, definition_id, number, status, steps, created_by, created_at, published_by, published_at) VALUES
('0193a000-0000-7000-8000-000000000201', '0193a000-0000-7000-8000-000000000101', 1, 'published', $json$[
 {"key":"submit","nameZh":"生产提交工艺变更","nameEn":"Production submits the process change","role":"ProductionManager","function":"production",
  "limitHours":null,"hourKind":"working","escalation":[],"signature":false,"outcomes":["approve"],"returnTo":[],"action":null,
  "consulted":["qa"],"informed":["hr"],
  "form":[{"key":"operation","labelZh":"变更的工序","labelEn":"Changed operation","type":"operation","required":true,"options":[]},
          {"key":"course","labelZh":"变更培训课程","labelEn":"Training course for the change","type":"course","required":true,"options":[]},
          {"key":"change","labelZh":"变更内容","labelEn":"What changes","type":"textarea","required":true,"options":[]},
          {"key":"goLive","labelZh":"生效日期","labelEn":"Go-live date","type":"date","required":true,"options":[]},
          {"key":"attachment","labelZh":"附件","labelEn":"Attachment","type":"file","required":false,"options":[]}]},
 {"key":"qa_review","nameZh":"质量按标准评审","nameEn":"QA reviews against the standards","role":"QA","function":"qa",
  "limitHours":16,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"},{"afterHours":8,"target":"director"}],"signature":true,
  "outcomes":["approve","reject","return"],"returnTo":["submit"],"action":null,"consulted":["production"],"informed":["hr"],
  "form":[{"key":"standardVersion","labelZh":"标准新版本 (如需)","labelEn":"New standard version (if any)","type":"text","required":false,"options":[]},
          {"key":"review","labelZh":"评审意见","labelEn":"Review","type":"textarea","required":true,"options":[]}]},
 {"key":"hr_plan","nameZh":"人事为受影响岗位生成培训计划","nameEn":"HR generates the training plan for the impacted positions","role":"HR","function":"hr",
  "limitHours":16,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"},{"afterHours":8,"target":"director"}],"signature":false,
  "outcomes":["approve","return"],"returnTo":["qa_review"],"action":"moc_plan","consulted":["production"],"informed":["qa"],"form":[]},
 {"key":"training","nameZh":"员工培训","nameEn":"Employees train","role":"HR","function":"hr",
  "limitHours":80,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"}],"signature":false,
  "outcomes":["approve"],"returnTo":[],"action":null,"consulted":["production"],"informed":["qa"],
  "form":[{"key":"summary","labelZh":"培训完成情况","labelEn":"Training done","type":"textarea","required":true,"options":[]}]},
 {"key":"qa_check","nameZh":"质量监督检查","nameEn":"QA supervision check","role":"QA","function":"qa",
  "limitHours":24,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"}],"signature":false,
  "outcomes":["approve","return"],"returnTo":["training"],"action":null,"consulted":["production"],"informed":["hr"],
  "form":[{"key":"result","labelZh":"检查结论","labelEn":"Check result","type":"choice","required":true,"options":["pass","fail"]},
          {"key":"notes","labelZh":"说明","labelEn":"Notes","type":"textarea","required":false,"options":[]}]},
 {"key":"results","nameZh":"结果反馈生产与人事","nameEn":"Results back to production and HR","role":"ProductionManager","function":"production",
  "limitHours":8,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"}],"signature":false,
  "outcomes":["approve"],"returnTo":[],"action":null,"consulted":[],"informed":["hr","qa"],"form":[]}
]$json$, 'system', '2026-01-01T00:00:00Z', 'system', '2026-01-01T00:00:00Z'),
('0193a000-0000-7000-8000-000000000202', '0193a000-0000-7000-8000-000000000102', 1, 'published', $json$[
 {"key":"file","nameZh":"销售登记投诉","nameEn":"Sales files the complaint","role":"Sales","function":"sales",
  "limitHours":null,"hourKind":"working","escalation":[],"signature":false,"outcomes":["approve"],"returnTo":[],"action":null,
  "consulted":["qa"],"informed":["production"],
  "form":[{"key":"customer","labelZh":"客户","labelEn":"Customer","type":"text","required":true,"options":[]},
          {"key":"batch","labelZh":"批次","labelEn":"Batch","type":"batch","required":true,"options":[]},
          {"key":"description","labelZh":"投诉内容","labelEn":"Complaint","type":"textarea","required":true,"options":[]},
          {"key":"attachment","labelZh":"附件","labelEn":"Attachment","type":"file","required":false,"options":[]}]},
 {"key":"investigate","nameZh":"质量用批次追溯调查","nameEn":"QA investigates with the batch trace","role":"QA","function":"qa",
  "limitHours":8,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"},{"afterHours":8,"target":"director"}],"signature":false,
  "outcomes":["approve","return"],"returnTo":["file"],"action":null,"consulted":["production"],"informed":["sales"],
  "form":[{"key":"rootCause","labelZh":"原因分析","labelEn":"Root cause","type":"textarea","required":true,"options":[]}]},
 {"key":"containment","nameZh":"生产提交围堵与纠正计划 (24 小时内)","nameEn":"Production submits containment and the corrective plan (within 24 h)","role":"ProductionManager","function":"production",
  "limitHours":24,"hourKind":"calendar","escalation":[{"afterHours":0,"target":"director"}],"signature":false,
  "outcomes":["approve"],"returnTo":[],"action":null,"consulted":["qa"],"informed":["sales"],
  "form":[{"key":"containment","labelZh":"围堵措施","labelEn":"Containment","type":"textarea","required":true,"options":[]},
          {"key":"correctivePlan","labelZh":"纠正预防计划","labelEn":"Corrective plan","type":"textarea","required":true,"options":[]}]},
 {"key":"verify","nameZh":"质量验证有效性","nameEn":"QA verifies effectiveness","role":"QA","function":"qa",
  "limitHours":40,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"}],"signature":false,
  "outcomes":["approve","return"],"returnTo":["containment"],"action":null,"consulted":["production"],"informed":["sales"],
  "form":[{"key":"effective","labelZh":"措施有效","labelEn":"Effective","type":"choice","required":true,"options":["yes","no"]},
          {"key":"evidence","labelZh":"验证证据","labelEn":"Evidence","type":"textarea","required":true,"options":[]}]},
 {"key":"confirm","nameZh":"销售与客户确认并签字关闭","nameEn":"Sales confirms with the customer and closes with a signature","role":"Sales","function":"sales",
  "limitHours":24,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"}],"signature":true,
  "outcomes":["approve","return"],"returnTo":["verify"],"action":null,"consulted":[],"informed":["qa","production"],
  "form":[{"key":"customerResponse","labelZh":"客户反馈","labelEn":"Customer response","type":"textarea","required":true,"options":[]}]}
]$json$, 'system', '2026-01-01T00:00:00Z', 'system', '2026-01-01T00:00:00Z'),
('0193a000-0000-7000-8000-000000000203', '0193a000-0000-7000-8000-000000000103', 1, 'published', $json$[
 {"key":"propose","nameZh":"人事提出培训需求与计划","nameEn":"HR proposes the need and plan","role":"HR","function":"hr",
  "limitHours":null,"hourKind":"working","escalation":[],"signature":false,"outcomes":["approve"],"returnTo":[],"action":null,
  "consulted":["production"],"informed":["qa"],
  "form":[{"key":"need","labelZh":"培训需求","labelEn":"Training need","type":"need","required":true,"options":[]},
          {"key":"plan","labelZh":"培训计划","labelEn":"Training plan","type":"plan","required":true,"options":[]},
          {"key":"reason","labelZh":"说明","labelEn":"Reason","type":"textarea","required":false,"options":[]}]},
 {"key":"review","nameZh":"部门负责人审核","nameEn":"Department head reviews","role":"DepartmentHead","function":"production",
  "limitHours":16,"hourKind":"working","escalation":[{"afterHours":0,"target":"manager"},{"afterHours":8,"target":"director"}],"signature":false,
  "outcomes":["approve","reject","return"],"returnTo":["propose"],"action":null,"consulted":[],"informed":["hr"],
  "form":[{"key":"opinion","labelZh":"审核意见","labelEn":"Opinion","type":"textarea","required":true,"options":[]}]},
 {"key":"approve","nameZh":"人事批准","nameEn":"HR approves","role":"HR","function":"hr",
  "limitHours":16,"hourKind":"working","escalation":[{"afterHours":0,"target":"director"}],"signature":true,
  "outcomes":["approve","reject"],"returnTo":[],"action":null,"consulted":[],"informed":["production"],"form":[]}
]$json$, 'system', '2026-01-01T00:00:00Z', 'system', '2026-01-01T00:00:00Z');
