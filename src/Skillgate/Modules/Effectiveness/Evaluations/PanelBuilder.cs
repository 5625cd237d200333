using Dapper;
using Npgsql;
using Skillgate.Modules.Effectiveness.Statistics;
using Skillgate.Platform.Statistics;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>A unit of the panel as the evaluation shows it: who or which line, and what the diagnostics group it by.</summary>
internal sealed record PanelMember(Guid Id, string Label, Guid? OrgUnitId, string? Department, string? Format, Guid? CompletionId, DateOnly? TrainedOn, double[] Exposure);

/// <summary>
/// The panel an evaluation is computed from, built from the published views: the unit of analysis it used, the periods, each
/// unit's outcome per period and what it is.
/// </summary>
internal sealed record EvaluationPanel(string UnitOfAnalysis, IReadOnlyList<DateOnly> Periods, Panel Panel, IReadOnlyList<PanelMember> Members, IReadOnlyList<Guid> Operations);

/// <summary>A person who completed the evaluated training in the period (their first completion), whether or not they are a unit of the panel.</summary>
internal sealed record TrainedPerson(Guid Id, DateOnly On, Guid? CompletionId);

/// <summary>The panel and everyone it counts as trained (the lines' operators, when lines are the units).</summary>
internal sealed record BuiltPanel(EvaluationPanel Panel, IReadOnlyList<TrainedPerson> Trained);

/// <summary>
/// Builds the panel for an evaluation, in the caller's data scope. Treated are the people whose first completion of the course
/// in the period (not revoked; of the revision, sessions or need when given) falls in it, each from their own week or month;
/// people who completed it before the period are left out. The comparison pool is everyone else who worked the same operations
/// (or in the same workshops, or anywhere, as the request asks) in the period within the org unit. The unit of analysis is the
/// person when at least half of the defects on those operations name their operator (or for supervision checks, which always
/// do); otherwise the line, whose treatment is the share of its operators trained. Who worked where, units and defects come from
/// quality's work buckets (one row per operator, operation, line and part-week), so the cost follows operators × periods, not
/// records; only outcomes that need the batches (units shared among a batch's operators, complaints) read the records.
/// </summary>
internal sealed class PanelBuilder(NpgsqlDataSource dataSource)
{
    /// <summary>A plant's year of work is millions of buckets: a statement may take longer than the default 30 s.</summary>
    private const int CommandSeconds = 600;

    private const string Trained = """
        SELECT c.employee_id, min(c.completed_on) AS trained_on, (array_agg(c.id ORDER BY c.completed_on, c.recorded_at))[1] AS completion_id,
               (array_agg(c.source ORDER BY c.completed_on, c.recorded_at))[1] AS source
        FROM learning.course_completion_v c
        WHERE c.course_id = @course AND c.revoked_at IS NULL AND c.completed_on BETWEEN @from AND @to
          AND (@revision::int IS NULL OR c.revision = @revision)
          AND (cardinality(@sessions::uuid[]) = 0 OR c.id IN (
              SELECT r.completion_id FROM training.session_result_v r WHERE r.session_id = ANY (@sessions) AND r.status = 'completed'))
          AND (@need::uuid IS NULL OR c.employee_id IN (SELECT p.employee_id FROM needs.need_person_v p WHERE p.need_id = @need))
        GROUP BY c.employee_id
        """;

    /// <summary>
    /// What the work counted towards the panel besides the trained people's own must match: the operations they worked, or the
    /// org units of their workshops (null: anything in scope). Read first and passed as an array, which PostgreSQL hashes, so the
    /// pass over a plant's buckets tests each against it cheaply.
    /// </summary>
    private static string Within(string within) => within switch
    {
        "any" => "NULL::uuid[]",
        "workshop" => $$"""
            (SELECT coalesce(array_agg(DISTINCT s), '{}') FROM (SELECT DISTINCT {{WorkshopOf("u")}} AS workshop FROM eff_trained t
                 JOIN org.employee_v e ON e.id = t.employee_id JOIN org.org_unit_v u ON u.id = e.org_unit_id) x, LATERAL org.unit_subtree(x.workshop) s)
            """,
        _ => """
            (SELECT coalesce(array_agg(DISTINCT b.operation_id), '{}') FROM quality.work_bucket_v b JOIN eff_trained t ON t.employee_id = b.employee_id
             WHERE b.bucket BETWEEN @from::date AND @to::date AND b.records > 0)
            """,
    };

    /// <summary>The workshop a unit belongs to: its nearest enclosing unit of type workshop, else the unit itself.</summary>
    private static string WorkshopOf(string unit) => $"""
        coalesce((SELECT w.id FROM org.org_unit_v w WHERE w.unit_type = 'workshop' AND {unit}.id IN (SELECT org.unit_subtree(w.id)) ORDER BY w.depth DESC LIMIT 1), {unit}.id)
        """;

    public async Task<BuiltPanel> BuildAsync(EvaluationRequest request, CancellationToken ct)
    {
        await using var connection = await Platform.Data.SqlScope.OpenScopedAsync(dataSource, ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var periods = Periods.Between(request.PeriodKind, request.From, request.To);
        var args = request.Arguments();
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            SET LOCAL work_mem = '256MB';
            SET LOCAL jit = off;
            CREATE TEMP TABLE eff_trained ON COMMIT DROP AS {Trained};
            """, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct));
        var (within, units, before) = await connection.QuerySingleAsync<(Guid[]? Within, Guid[] Units, Guid[] Before)>(new CommandDefinition(
            $$"""
            SELECT {{Within(request.Within)}}, (SELECT coalesce(array_agg(s), '{}') FROM org.unit_subtree(@scope) s),
                   (SELECT coalesce(array_agg(c.employee_id), '{}') FROM learning.course_completion_v c
                    WHERE c.course_id = @course AND c.revoked_at IS NULL AND c.completed_on < @from)
            """, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct));
        var filters = new DynamicParameters(args);
        filters.AddDynamicParams(new { within, units, before });
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            CREATE TEMP TABLE eff_worked ON COMMIT DROP AS
                SELECT w.employee_id, w.operation_id, w.line_id, sum(w.records) AS records
                FROM quality.work_bucket_v w
                WHERE w.bucket BETWEEN @from::date AND @to::date AND w.records > 0 AND w.employee_id IS NOT NULL AND w.operation_id IS NOT NULL
                  {request.Within switch { "any" => "", "workshop" => "AND w.org_unit_id = ANY (@within)", _ => "AND w.operation_id = ANY (@within)" }}
                  AND w.org_unit_id = ANY (@units) AND NOT w.employee_id = ANY (@before)
                GROUP BY 1, 2, 3;
            CREATE TEMP TABLE eff_people ON COMMIT DROP AS SELECT DISTINCT employee_id FROM eff_worked;
            CREATE TEMP TABLE eff_operations ON COMMIT DROP AS SELECT DISTINCT operation_id FROM eff_worked;
            ANALYZE eff_worked;
            ANALYZE eff_people;
            ANALYZE eff_operations;
            """, filters, tx, commandTimeout: CommandSeconds, cancellationToken: ct));
        var operations = (await tx.Connection!.QueryAsync<Guid>(new CommandDefinition("SELECT operation_id FROM eff_operations", transaction: tx, commandTimeout: CommandSeconds, cancellationToken: ct))).ToList();
        var trained = (await tx.Connection!.QueryAsync<TrainedPerson>(new CommandDefinition(
            """SELECT employee_id AS id, trained_on AS "on", completion_id FROM eff_trained""", transaction: tx, commandTimeout: CommandSeconds, cancellationToken: ct))).ToList();
        var named = await connection.ExecuteScalarAsync<double?>(new CommandDefinition(
            """
            SELECT sum(defects) FILTER (WHERE named)::float8 / nullif(sum(defects), 0) FROM quality.line_work_v
            WHERE operation_id IN (SELECT operation_id FROM eff_operations) AND bucket BETWEEN @from::date AND @to::date AND defects <> 0
            """, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct));
        var byPerson = request.Outcome == "supervision_pass_rate" || request.Outcome == "complaint_rate" || (named ?? 0) >= 0.5;
        var counted = byPerson && await CountedAsync(tx, args, ct);
        if (byPerson && (request.Outcome == "complaint_rate" || !counted && request.Outcome != "supervision_pass_rate"))
        {
            await RecordsAsync(tx, filters, ct);
        }

        var panel = byPerson
            ? await PeopleAsync(tx, request, periods, operations, counted, args, ct)
            : await LinesAsync(tx, request, periods, operations, args, ct);
        await tx.CommitAsync(ct);
        return new BuiltPanel(panel, trained);
    }

    /// <summary>Whether units are counted per operator for the panel's people (else each operator gets a share of the batch's).</summary>
    private static Task<bool> CountedAsync(NpgsqlTransaction tx, object args, CancellationToken ct) =>
        tx.Connection!.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM quality.work_bucket_v w JOIN eff_people x ON x.employee_id = w.employee_id
                           WHERE w.produced > 0 AND w.bucket BETWEEN @from::date AND @to::date)
            """, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct));

    /// <summary>The panel people's records on its operations in scope (<c>@units</c>, read once), for the outcomes that need batches.</summary>
    private static Task<int> RecordsAsync(NpgsqlTransaction tx, object args, CancellationToken ct) =>
        tx.Connection!.ExecuteAsync(new CommandDefinition(
            """
            CREATE TEMP TABLE eff_records ON COMMIT DROP AS
                SELECT o.employee_id, o.batch_id, o.operation_id, o.line_id, o.started_at
                FROM quality.operation_record_v o
                WHERE o.started_at >= @fromAt AND o.started_at < @toAt
                  AND o.employee_id IN (SELECT employee_id FROM eff_people) AND o.operation_id IN (SELECT operation_id FROM eff_operations)
                  AND o.org_unit_id = ANY (@units);
            ANALYZE eff_records;
            """, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct));

    private static async Task<EvaluationPanel> PeopleAsync(
        NpgsqlTransaction tx, EvaluationRequest request, IReadOnlyList<DateOnly> periods, List<Guid> operations, bool counted, object args, CancellationToken ct)
    {
        // Each person's main operation: the one they worked most often (the lowest id on a tie).
        var people = (await tx.Connection!.QueryAsync<PersonRow>(new CommandDefinition(
            $"""
            WITH worked AS (SELECT employee_id, operation_id, sum(records) AS n FROM eff_worked GROUP BY 1, 2),
            main AS (SELECT DISTINCT ON (employee_id) employee_id, operation_id FROM worked ORDER BY employee_id, n DESC, operation_id)
            SELECT m.employee_id, e.employee_no || ' ' || e.name AS label, e.org_unit_id, u.name AS department, e.hire_date,
                   m.operation_id AS main_operation, {(request.Within == "workshop" ? WorkshopOf("u") : "u.id")} AS workshop, t.trained_on, t.completion_id, t.source
            FROM main m JOIN org.employee_v e ON e.id = m.employee_id JOIN org.org_unit_v u ON u.id = e.org_unit_id
            LEFT JOIN eff_trained t ON t.employee_id = m.employee_id
            ORDER BY e.employee_no
            """, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct))).ToList();
        var index = people.Select((p, i) => (p.EmployeeId, i)).ToDictionary(x => x.EmployeeId, x => x.i);
        var numerator = new double[people.Count, periods.Count];
        var denominator = new double[people.Count, periods.Count];
        await AddCellsAsync(tx, PersonOutcomeSql(request.Outcome, counted), args, index, periods, numerator, denominator, ct);

        var units = people.Select((p, i) => new PanelUnit(
            p.EmployeeId.ToString(),
            p.TrainedOn is { } on ? PeriodIndex(periods, on) : null,
            request.Within switch { "any" => "", "workshop" => p.Workshop.ToString(), _ => p.MainOperation.ToString() },
            p.HireDate is { } hired ? Math.Max(0, request.From.DayNumber - hired.DayNumber) / 365.25 : 0,
            Rates(numerator, denominator, i, periods.Count))).ToList();
        var members = people.Select((p, i) => new PanelMember(
            p.EmployeeId, p.Label, p.OrgUnitId, p.Department, p.Source, p.CompletionId, p.TrainedOn,
            Enumerable.Range(0, periods.Count).Select(t => denominator[i, t]).ToArray())).ToList();
        return new EvaluationPanel("person", periods, new Panel(periods.Count, units), members, operations);
    }

    private static async Task<EvaluationPanel> LinesAsync(
        NpgsqlTransaction tx, EvaluationRequest request, IReadOnlyList<DateOnly> periods, List<Guid> operations, object args, CancellationToken ct)
    {
        var lines = (await tx.Connection!.QueryAsync<(Guid Id, string Label, Guid? Parent)>(new CommandDefinition(
            """
            SELECT DISTINCT r.line_id, u.code || ' ' || u.name, u.parent_id FROM eff_worked r JOIN org.org_unit_v u ON u.id = r.line_id ORDER BY 2
            """, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct))).ToList();
        var index = lines.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var numerator = new double[lines.Count, periods.Count];
        var denominator = new double[lines.Count, periods.Count];
        await AddCellsAsync(tx, LineOutcomeSql(request.Outcome), args, index, periods, numerator, denominator, ct);

        // The share of a line's operators in a period who were trained by the period's start.
        var share = new double[lines.Count, periods.Count];
        foreach (var s in await tx.Connection!.QueryAsync<Cell>(new CommandDefinition(
            """
            SELECT w.line_id AS id, date_trunc(@period, w.bucket)::date AS period,
                   count(DISTINCT w.employee_id) FILTER (WHERE t.trained_on < date_trunc(@period, w.bucket)::date)::float8 AS numerator,
                   count(DISTINCT w.employee_id)::float8 AS denominator
            FROM quality.work_bucket_v w JOIN eff_people p ON p.employee_id = w.employee_id LEFT JOIN eff_trained t ON t.employee_id = w.employee_id
            WHERE w.bucket BETWEEN @from::date AND @to::date AND w.records > 0 AND w.line_id IN (SELECT line_id FROM eff_worked)
              AND w.operation_id IN (SELECT operation_id FROM eff_operations)
            GROUP BY 1, 2
            """, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct)))
        {
            if (index.TryGetValue(s.Id, out var i) && PeriodIndex(periods, s.Period) is var t and >= 0 && s.Denominator > 0)
            {
                share[i, t] = s.Numerator / s.Denominator;
            }
        }

        var units = lines.Select((l, i) =>
        {
            var first = Enumerable.Range(0, periods.Count).FirstOrDefault(t => share[i, t] > 0, -1);
            return new PanelUnit(l.Id.ToString(), first >= 0 ? first : null, l.Parent?.ToString() ?? "", 0, Rates(numerator, denominator, i, periods.Count))
            {
                Share = Enumerable.Range(0, periods.Count).Select(t => share[i, t]).ToArray(),
            };
        }).ToList();
        var members = lines.Select((l, i) => new PanelMember(l.Id, l.Label, l.Id, l.Label, null, null, null,
            Enumerable.Range(0, periods.Count).Select(t => denominator[i, t]).ToArray())).ToList();
        return new EvaluationPanel("line", periods, new Panel(periods.Count, units), members, operations);
    }

    /// <summary>
    /// Per person and period: the outcome's numerator and denominator (defects and units processed, say). Units come from the
    /// counts per operator when there are any (<paramref name="counted"/>); otherwise each operator on a batch's operation is
    /// credited an equal share of the batch's units.
    /// </summary>
    private static string PersonOutcomeSql(string outcome, bool counted) => outcome switch
    {
        "supervision_pass_rate" => """
            SELECT s.employee_id AS id, date_trunc(@period, s.performed_at AT TIME ZONE 'UTC')::date AS period,
                   count(*) FILTER (WHERE s.passed)::float8 AS numerator, count(*)::float8 AS denominator
            FROM quality.supervision_check_v s
            WHERE s.employee_id IN (SELECT employee_id FROM eff_people) AND s.performed_at >= @fromAt AND s.performed_at < @toAt GROUP BY 1, 2
            """,
        "complaint_rate" => """
            WITH worked AS (SELECT DISTINCT employee_id, batch_id, date_trunc(@period, started_at AT TIME ZONE 'UTC')::date AS period FROM eff_records)
            SELECT w.employee_id AS id, w.period, count(c.id)::float8 AS numerator, count(DISTINCT w.batch_id)::float8 AS denominator
            FROM worked w LEFT JOIN quality.complaint_v c ON c.batch_id = w.batch_id GROUP BY 1, 2
            """,
        // Not grouped: a plant's buckets are mostly one per operator and period already, and the cells add them up as they are read.
        _ when counted => $"""
            SELECT w.employee_id AS id, date_trunc(@period, w.bucket)::date AS period,
                   w.{(outcome == "rework_rate" ? "reworked" : "defects")}::float8 AS numerator, w.produced::float8 AS denominator
            FROM quality.work_bucket_v w
            WHERE w.employee_id IN (SELECT employee_id FROM eff_people) AND w.bucket BETWEEN @from::date AND @to::date
              AND (w.operation_id IS NULL OR w.operation_id IN (SELECT operation_id FROM eff_operations))
            """,
        _ => $"""
            WITH units AS ({SharedUnits}),
            defects AS (
                SELECT w.employee_id, date_trunc(@period, w.bucket)::date AS period, sum(w.defects)::float8 AS defects
                FROM quality.work_bucket_v w
                WHERE w.employee_id IN (SELECT employee_id FROM eff_people) AND w.bucket BETWEEN @from::date AND @to::date AND w.defects <> 0
                  AND (w.operation_id IS NULL OR w.operation_id IN (SELECT operation_id FROM eff_operations))
                GROUP BY 1, 2)
            SELECT u.employee_id AS id, u.period, {(outcome == "rework_rate" ? "u.reworked" : "coalesce(d.defects, 0)")} AS numerator, u.produced AS denominator
            FROM units u LEFT JOIN defects d ON d.employee_id = u.employee_id AND d.period = u.period
            """,
    };

    private const string SharedUnits = """
        SELECT r.employee_id, date_trunc(@period, r.started_at AT TIME ZONE 'UTC')::date AS period,
               sum(b.produced / n.operators)::float8 AS produced, sum(b.reworked / n.operators)::float8 AS reworked
        FROM eff_records r
        JOIN (SELECT batch_id, operation_id, count(DISTINCT employee_id)::float8 AS operators FROM eff_records GROUP BY 1, 2) n
          ON n.batch_id = r.batch_id AND n.operation_id = r.operation_id
        JOIN (SELECT batch_id, sum(produced)::float8 AS produced, sum(reworked)::float8 AS reworked FROM quality.production_count_v
              WHERE employee_id IS NULL AND batch_id IN (SELECT batch_id FROM eff_records) GROUP BY 1) b ON b.batch_id = r.batch_id
        GROUP BY 1, 2
        """;

    private static string LineOutcomeSql(string outcome) => $"""
        SELECT w.line_id AS id, date_trunc(@period, w.bucket)::date AS period,
               w.{(outcome == "rework_rate" ? "reworked" : "defects")}::float8 AS numerator, w.produced::float8 AS denominator
        FROM quality.line_work_v w
        WHERE w.line_id IN (SELECT line_id FROM eff_worked) AND w.bucket BETWEEN @from::date AND @to::date
          AND (w.operation_id IS NULL OR w.operation_id IN (SELECT operation_id FROM eff_operations))
        """;

    /// <summary>
    /// Adds each (id, period, numerator, denominator) row of <paramref name="sql"/> to its unit's and period's cell. Read row by
    /// row: at plant scale there are millions (a hundred thousand operators × a year of weeks).
    /// </summary>
    private static async Task AddCellsAsync(
        NpgsqlTransaction tx, string sql, object args, Dictionary<Guid, int> index, IReadOnlyList<DateOnly> periods, double[,] numerator, double[,] denominator,
        CancellationToken ct)
    {
        var starts = periods.Select((p, t) => (p, t)).ToDictionary(x => x.p, x => x.t);
        await using var reader = await tx.Connection!.ExecuteReaderAsync(new CommandDefinition(sql, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct));
        while (await reader.ReadAsync(ct))
        {
            var period = reader.GetFieldValue<DateOnly>(1);
            if (index.TryGetValue(reader.GetGuid(0), out var i) && (starts.TryGetValue(period, out var t) || (t = PeriodIndex(periods, period)) >= 0))
            {
                numerator[i, t] += reader.GetDouble(2);
                denominator[i, t] += reader.GetDouble(3);
            }
        }
    }

    private static double[] Rates(double[,] numerator, double[,] denominator, int i, int periods) =>
        Enumerable.Range(0, periods).Select(t => denominator[i, t] > 0 ? numerator[i, t] / denominator[i, t] : double.NaN).ToArray();

    private static int PeriodIndex(IReadOnlyList<DateOnly> periods, DateOnly day)
    {
        for (var t = periods.Count - 1; t >= 0; t--)
        {
            if (periods[t] <= day)
            {
                return t;
            }
        }

        return -1;
    }

    private sealed record PersonRow(
        Guid EmployeeId, string Label, Guid OrgUnitId, string Department, DateOnly? HireDate, Guid MainOperation, Guid Workshop, DateOnly? TrainedOn, Guid? CompletionId, string? Source);

    private sealed record Cell(Guid Id, DateOnly Period, double Numerator, double Denominator);
}
