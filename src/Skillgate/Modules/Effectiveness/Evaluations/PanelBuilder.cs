using Dapper;
using Npgsql;
using Skillgate.Modules.Effectiveness.Statistics;
using Skillgate.Platform.Statistics;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>
/// A unit of the panel as the evaluation shows it: who or which line, what the diagnostics group it by, and per period the
/// outcome's denominator (exposure) and numerator, whose quotient is the unit's rate.
/// </summary>
internal sealed record PanelMember(
    Guid Id, string Label, Guid? OrgUnitId, string? Department, string? Format, Guid? CompletionId, DateOnly? TrainedOn, double[] Exposure, double[]? Numerator = null);

/// <summary>
/// The panel an evaluation is computed from, built from the published views: the unit of analysis it used, the periods, each
/// unit's outcome per period and what it is.
/// </summary>
internal sealed record EvaluationPanel(string UnitOfAnalysis, IReadOnlyList<DateOnly> Periods, Panel Panel, IReadOnlyList<PanelMember> Members);

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
/// quality's yearly work arrays (one row per operator, operation, line, unit and year), read once and cut to the window, so the
/// cost follows operators, not records; only outcomes that need the batches (units shared among a batch's operators,
/// complaints) read the records.
/// </summary>
internal sealed class PanelBuilder(NpgsqlDataSource dataSource)
{
    /// <summary>A plant's year of work is a hundred thousand rows of arrays: a statement may take longer than the default 30 s.</summary>
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

    /// <summary>The org units of the trained people's workshops, for comparisons within the workshop.</summary>
    private static readonly string WorkshopUnits = $"""
        SELECT coalesce(array_agg(DISTINCT s), '{"{}"}') FROM (SELECT DISTINCT {WorkshopOf("u")} AS workshop FROM eff_trained t
            JOIN org.employee_v e ON e.id = t.employee_id JOIN org.org_unit_v u ON u.id = e.org_unit_id) x, LATERAL org.unit_subtree(x.workshop) s
        """;

    /// <summary>The workshop a unit belongs to: its nearest enclosing unit of type workshop, else the unit itself.</summary>
    private static string WorkshopOf(string unit) => $"""
        coalesce((SELECT w.id FROM org.org_unit_v w WHERE w.unit_type = 'workshop' AND {unit}.id IN (SELECT org.unit_subtree(w.id)) ORDER BY w.depth DESC LIMIT 1), {unit}.id)
        """;

    public async Task<BuiltPanel> BuildAsync(EvaluationRequest request, CancellationToken ct)
    {
        await using var connection = await Platform.Data.SqlScope.OpenScopedAsync(dataSource, ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var periods = Periods.Between(request.PeriodKind, request.From, request.To);
        var window = new WorkWindow(periods, request.From, request.To);
        var args = request.Arguments();
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            SET LOCAL work_mem = '256MB';
            SET LOCAL jit = off;
            CREATE TEMP TABLE eff_trained ON COMMIT DROP AS {Trained};
            """, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct));
        var trained = (await connection.QueryAsync<TrainedRow>(new CommandDefinition(
            """SELECT employee_id, trained_on, completion_id, source FROM eff_trained""", transaction: tx, commandTimeout: CommandSeconds, cancellationToken: ct)))
            .ToDictionary(t => t.EmployeeId);
        var (workshops, units, before) = await connection.QuerySingleAsync<(Guid[]? Workshops, Guid[] Units, Guid[] Before)>(new CommandDefinition(
            $"""
            SELECT {(request.Within == "workshop" ? $"({WorkshopUnits})" : "NULL::uuid[]")}, (SELECT coalesce(array_agg(s), '{"{}"}') FROM org.unit_subtree(@scope) s),
                   (SELECT coalesce(array_agg(c.employee_id), '{"{}"}') FROM learning.course_completion_v c
                    WHERE c.course_id = @course AND c.revoked_at IS NULL AND c.completed_on < @from)
            """, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct));
        // Who the people in scope are is read on a second connection while the work is read on this one.
        var directory = DirectoryAsync(units, request.Within, ct);
        var work = await WorkRows.ReadAsync(tx, window, Numerator(request.Outcome), CommandSeconds, ct);
        var worked = PanelWork.Worked(work, request.Within, trained.Keys.ToHashSet(), workshops, units, before);
        var people = worked.Select(w => w.EmployeeId).Distinct().ToArray();
        var operations = worked.Select(w => w.OperationId!.Value).Distinct().Order(PanelWork.AsPostgres).ToArray();
        var filters = new DynamicParameters(args);
        filters.AddDynamicParams(new { units, people, operations, years = window.Years, lo = window.Low, hi = window.High });
        var named = await connection.ExecuteScalarAsync<double?>(new CommandDefinition(
            """
            SELECT sum(x) FILTER (WHERE l.named)::float8 / nullif(sum(x), 0)
            FROM quality.line_year_v l JOIN unnest(@years, @lo, @hi) r (year, lo, hi) ON r.year = l.year, LATERAL unnest(l.defects[r.lo:r.hi]) x
            WHERE l.operation_id = ANY (@operations)
            """, filters, tx, commandTimeout: CommandSeconds, cancellationToken: ct));
        var byPerson = request.Outcome == "supervision_pass_rate" || request.Outcome == "complaint_rate" || (named ?? 0) >= 0.5;
        var inPanel = people.ToHashSet();
        var counted = byPerson && work.Any(w => inPanel.Contains(w.EmployeeId) && w.Produced.Any(p => p > 0));
        var sqlOutcome = request.Outcome is "supervision_pass_rate" or "complaint_rate" || byPerson && !counted;
        if (sqlOutcome)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TEMP TABLE eff_people ON COMMIT DROP AS SELECT unnest(@people) AS employee_id;
                CREATE TEMP TABLE eff_operations ON COMMIT DROP AS SELECT unnest(@operations) AS operation_id;
                ANALYZE eff_people;
                ANALYZE eff_operations;
                """, filters, tx, commandTimeout: CommandSeconds, cancellationToken: ct));
        }

        if (byPerson && (request.Outcome == "complaint_rate" || !counted && request.Outcome != "supervision_pass_rate"))
        {
            await RecordsAsync(tx, filters, ct);
        }

        var scope = new PanelWork(work, worked, inPanel, operations.ToHashSet(), periods);
        var known = await directory;
        var panel = byPerson
            ? await PeopleAsync(tx, request, scope, known, trained, counted, filters, ct)
            : await LinesAsync(tx, request, scope, window, trained, filters, ct);
        await tx.CommitAsync(ct);
        return new BuiltPanel(panel, trained.Values.Select(t => new TrainedPerson(t.EmployeeId, t.TrainedOn, t.CompletionId)).ToList());
    }

    /// <summary>The work arrays' column an outcome counts, or null when the outcome comes from elsewhere (supervision checks, complaints).</summary>
    private static string? Numerator(string outcome) => outcome switch
    {
        "supervision_pass_rate" or "complaint_rate" => null,
        "rework_rate" => "reworked",
        _ => "defects",
    };

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

    /// <summary>The people of the scope's units as the panel shows them, in employee number order.</summary>
    private async Task<List<PersonRow>> DirectoryAsync(Guid[] units, string within, CancellationToken ct)
    {
        await using var connection = await Platform.Data.SqlScope.OpenScopedAsync(dataSource, ct);
        return (await connection.QueryAsync<PersonRow>(new CommandDefinition(
            PeopleSql("e.org_unit_id = ANY (@units)", within), new { units }, commandTimeout: CommandSeconds, cancellationToken: ct))).ToList();
    }

    private static string PeopleSql(string where, string within) => $"""
        SELECT e.id AS employee_id, e.employee_no || ' ' || e.name AS label, e.org_unit_id, u.name AS department, e.hire_date,
               {(within == "workshop" ? WorkshopOf("u") : "u.id")} AS workshop
        FROM org.employee_v e JOIN org.org_unit_v u ON u.id = e.org_unit_id
        WHERE {where}
        ORDER BY e.employee_no
        """;

    /// <param name="known">The scope's people: the panel's are usually all among them (else, having moved out, they are read by id).</param>
    private static async Task<EvaluationPanel> PeopleAsync(
        NpgsqlTransaction tx, EvaluationRequest request, PanelWork work, List<PersonRow> known, Dictionary<Guid, TrainedRow> trained, bool counted,
        DynamicParameters args, CancellationToken ct)
    {
        var main = work.MainOperations();
        var people = known.Where(p => work.People.Contains(p.EmployeeId)).ToList();
        if (people.Count != work.People.Count)
        {
            people = (await tx.Connection!.QueryAsync<PersonRow>(new CommandDefinition(
                PeopleSql("e.id = ANY (@people)", request.Within), args, tx, commandTimeout: CommandSeconds, cancellationToken: ct))).ToList();
        }
        var index = people.Select((p, i) => (p.EmployeeId, i)).ToDictionary(x => x.EmployeeId, x => x.i);
        var cells = new PanelCells(people.Count, work.Periods.Count);
        if (PersonOutcomeSql(request.Outcome, counted) is { } sql)
        {
            await AddCellsAsync(tx, sql, args, index, work.Periods, cells, ct);
        }

        if (request.Outcome is not ("supervision_pass_rate" or "complaint_rate") && (counted || request.Outcome == "defect_rate"))
        {
            work.AddPersonOutcomes(index, cells, units: counted);
        }

        var units = people.Select((p, i) =>
        {
            var t = trained.GetValueOrDefault(p.EmployeeId);
            return new PanelUnit(
                p.EmployeeId.ToString(),
                t is not null ? WorkWindow.PeriodIndex(work.Periods, t.TrainedOn) : null,
                request.Within switch { "any" => "", "workshop" => p.Workshop.ToString(), _ => main[p.EmployeeId].ToString() },
                p.HireDate is { } hired ? Math.Max(0, request.From.DayNumber - hired.DayNumber) / 365.25 : 0,
                cells.Rates(i));
        }).ToList();
        var members = people.Select((p, i) =>
        {
            var t = trained.GetValueOrDefault(p.EmployeeId);
            return new PanelMember(p.EmployeeId, p.Label, p.OrgUnitId, p.Department, t?.Source, t?.CompletionId, t?.TrainedOn, cells.Exposure(i), cells.Numerator(i));
        }).ToList();
        return new EvaluationPanel("person", work.Periods, new Panel(work.Periods.Count, units), members);
    }

    private static async Task<EvaluationPanel> LinesAsync(
        NpgsqlTransaction tx, EvaluationRequest request, PanelWork work, WorkWindow window, Dictionary<Guid, TrainedRow> trained, DynamicParameters args,
        CancellationToken ct)
    {
        args.AddDynamicParams(new { lines = work.Lines() });
        var lines = (await tx.Connection!.QueryAsync<(Guid Id, string Label, Guid? Parent)>(new CommandDefinition(
            "SELECT u.id, u.code || ' ' || u.name, u.parent_id FROM org.org_unit_v u WHERE u.id = ANY (@lines) ORDER BY 2",
            args, tx, commandTimeout: CommandSeconds, cancellationToken: ct))).ToList();
        var index = lines.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var cells = new PanelCells(lines.Count, work.Periods.Count);
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT l.line_id, l.year, l.{Numerator(request.Outcome)}[r.lo:r.hi], l.produced[r.lo:r.hi]
            FROM quality.line_year_v l JOIN unnest(@years, @lo, @hi) r (year, lo, hi) ON r.year = l.year
            WHERE l.line_id = ANY (@lines) AND (l.operation_id IS NULL OR l.operation_id = ANY (@operations))
            """, tx.Connection, tx) { CommandTimeout = CommandSeconds })
        {
            command.Parameters.AddWithValue("years", window.Years);
            command.Parameters.AddWithValue("lo", window.Low);
            command.Parameters.AddWithValue("hi", window.High);
            command.Parameters.AddWithValue("lines", lines.Select(l => l.Id).ToArray());
            command.Parameters.AddWithValue("operations", work.Operations.ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                cells.Add(index[reader.GetGuid(0)], window.PeriodsOf(reader.GetInt32(1)), reader.GetFieldValue<long[]>(2), reader.GetFieldValue<long[]>(3));
            }
        }

        var share = work.TrainedShares(index, trained.ToDictionary(t => t.Key, t => t.Value.TrainedOn));
        var units = lines.Select((l, i) =>
        {
            var first = Enumerable.Range(0, work.Periods.Count).FirstOrDefault(t => share[i, t] > 0, -1);
            return new PanelUnit(l.Id.ToString(), first >= 0 ? first : null, l.Parent?.ToString() ?? "", 0, cells.Rates(i))
            {
                Share = Enumerable.Range(0, work.Periods.Count).Select(t => share[i, t]).ToArray(),
            };
        }).ToList();
        var members = lines.Select((l, i) => new PanelMember(l.Id, l.Label, l.Id, l.Label, null, null, null, cells.Exposure(i), cells.Numerator(i))).ToList();
        return new EvaluationPanel("line", work.Periods, new Panel(work.Periods.Count, units), members);
    }

    /// <summary>
    /// Per person and period, the outcomes that do not come from the work arrays: supervision checks, complaints per batch, and
    /// units shared equally among a batch's operators on an operation when no count names its operator (the defects are added
    /// from the arrays).
    /// </summary>
    private static string? PersonOutcomeSql(string outcome, bool counted) => outcome switch
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
        _ when counted => null,
        _ => $"""
            SELECT r.employee_id AS id, date_trunc(@period, r.started_at AT TIME ZONE 'UTC')::date AS period,
                   {(outcome == "rework_rate" ? "sum(b.reworked / n.operators)::float8" : "0::float8")} AS numerator, sum(b.produced / n.operators)::float8 AS denominator
            FROM eff_records r
            JOIN (SELECT batch_id, operation_id, count(DISTINCT employee_id)::float8 AS operators FROM eff_records GROUP BY 1, 2) n
              ON n.batch_id = r.batch_id AND n.operation_id = r.operation_id
            JOIN (SELECT batch_id, sum(produced)::float8 AS produced, sum(reworked)::float8 AS reworked FROM quality.production_count_v
                  WHERE employee_id IS NULL AND batch_id IN (SELECT batch_id FROM eff_records) GROUP BY 1) b ON b.batch_id = r.batch_id
            GROUP BY 1, 2
            """,
    };

    /// <summary>Adds each (id, period, numerator, denominator) row of <paramref name="sql"/> to its unit's and period's cell.</summary>
    private static async Task AddCellsAsync(
        NpgsqlTransaction tx, string sql, object args, Dictionary<Guid, int> index, IReadOnlyList<DateOnly> periods, PanelCells cells, CancellationToken ct)
    {
        await using var reader = await tx.Connection!.ExecuteReaderAsync(new CommandDefinition(sql, args, tx, commandTimeout: CommandSeconds, cancellationToken: ct));
        while (await reader.ReadAsync(ct))
        {
            if (index.TryGetValue(reader.GetGuid(0), out var i) && WorkWindow.PeriodIndex(periods, reader.GetFieldValue<DateOnly>(1)) is var t and >= 0)
            {
                cells.Add(i, t, reader.GetDouble(2), reader.GetDouble(3));
            }
        }
    }

    private sealed record TrainedRow(Guid EmployeeId, DateOnly TrainedOn, Guid? CompletionId, string? Source);

    private sealed record PersonRow(Guid EmployeeId, string Label, Guid OrgUnitId, string Department, DateOnly? HireDate, Guid Workshop);
}
