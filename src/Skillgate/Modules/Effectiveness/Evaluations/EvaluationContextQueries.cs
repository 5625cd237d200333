using Dapper;
using Npgsql;
using Skillgate.Modules.Effectiveness.Contracts;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Effectiveness.Evaluations;

/// <summary>Reads an evaluation's context (<see cref="EvaluationContext"/>) for the trained people of its panel, in the caller's scope.</summary>
internal sealed class EvaluationContextQueries(NpgsqlDataSource dataSource)
{
    public async Task<EvaluationContext> ReadAsync(BuiltPanel built, EvaluationRequest request, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var panel = built.Panel;
        var trained = panel.UnitOfAnalysis == "person"
            ? panel.Members.Where(m => m.TrainedOn is not null).Select(m => new TrainedPerson(m.Id, m.TrainedOn!.Value, m.CompletionId)).ToList()
            : built.Trained;
        var people = trained.Select(t => t.Id).ToArray();
        var completions = trained.Select(t => t.CompletionId).OfType<Guid>().ToArray();
        var args = new { course = request.CourseId, people, completions, from = request.From.ToDateTime(TimeOnly.MinValue), to = request.To.ToDateTime(TimeOnly.MinValue), ons = trained.Select(t => t.On.ToDateTime(TimeOnly.MinValue)).ToArray() };

        var feedback = await connection.QuerySingleAsync<(int Count, double? Content, double? Applicability)>(new CommandDefinition(
            """
            SELECT count(*)::int, avg(content_rating)::float8, avg(applicability_rating)::float8 FROM learning.feedback_v
            WHERE course_id = @course AND employee_id = ANY (@people)
            """, args, cancellationToken: ct));
        var scores = (await connection.QueryAsync<(Guid Employee, double Percent, bool Passed)>(new CommandDefinition(
            """
            SELECT DISTINCT ON (employee_id) employee_id, percent::float8, coalesce(passed, false) FROM learning.exam_result_v
            WHERE course_id = @course AND employee_id = ANY (@people) AND percent IS NOT NULL ORDER BY employee_id, number
            """, args, cancellationToken: ct))).ToList();
        var checks = await connection.QuerySingleAsync<(int Before, double? BeforeRate, int After, double? AfterRate)>(new CommandDefinition(
            """
            WITH t AS (SELECT employee_id, trained_on::date AS trained_on FROM unnest(@people, @ons) AS x(employee_id, trained_on))
            SELECT count(*) FILTER (WHERE s.performed_at::date < t.trained_on)::int,
                   avg(s.passed::int) FILTER (WHERE s.performed_at::date < t.trained_on)::float8,
                   count(*) FILTER (WHERE s.performed_at::date >= t.trained_on)::int,
                   avg(s.passed::int) FILTER (WHERE s.performed_at::date >= t.trained_on)::float8
            FROM quality.supervision_check_v s JOIN t ON t.employee_id = s.employee_id
            WHERE s.performed_at::date BETWEEN @from AND @to
            """, args, cancellationToken: ct));
        var instructors = (await connection.QueryAsync<(Guid Completion, Guid Id, string Name)>(new CommandDefinition(
            """
            SELECT DISTINCT r.completion_id, i.id, i.name FROM training.session_result_v r
            JOIN training.session_instructor_v si ON si.session_id = r.session_id JOIN learning.instructor_v i ON i.id = si.instructor_id
            WHERE r.completion_id = ANY (@completions)
            """, args, cancellationToken: ct))).ToList();
        var course = await connection.QuerySingleAsync<(decimal? CostPerParticipant, decimal ClassHours)>(new CommandDefinition(
            "SELECT cost_per_participant, class_hours::numeric FROM learning.course_v WHERE id = @course", args, cancellationToken: ct));
        var labour = await connection.ExecuteScalarAsync<decimal?>(new CommandDefinition(
            """
            SELECT sum(coalesce(
                (SELECT r.amount FROM effectiveness.cost_rate r WHERE r.kind = 'labour_hour' AND r.position_id = e.position_id LIMIT 1),
                (SELECT r.amount FROM effectiveness.cost_rate r JOIN org.org_unit_v u ON u.id = r.org_unit_id
                 WHERE r.kind = 'labour_hour' AND r.position_id IS NULL AND org.unit_within(e.org_unit_id, r.org_unit_id) ORDER BY u.depth DESC LIMIT 1),
                (SELECT r.amount FROM effectiveness.cost_rate r WHERE r.kind = 'labour_hour' AND r.org_unit_id IS NULL AND r.position_id IS NULL),
                0))
            FROM org.employee_v e WHERE e.id = ANY (@people)
            """, args, cancellationToken: ct)) ?? 0;
        var sessions = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(DISTINCT session_id)::int FROM training.session_result_v WHERE completion_id = ANY (@completions)", args, cancellationToken: ct));
        var instructorRate = await connection.ExecuteScalarAsync<decimal?>(new CommandDefinition(
            "SELECT amount FROM effectiveness.cost_rate WHERE kind = 'instructor_hour' AND org_unit_id IS NULL AND position_id IS NULL", cancellationToken: ct)) ?? 0;
        var defectCost = await connection.ExecuteScalarAsync<decimal?>(new CommandDefinition(
            """
            WITH mix AS (
                SELECT d.defect_type, sum(d.quantity)::numeric AS quantity FROM quality.defect_v d
                WHERE d.employee_id = ANY (@people) AND d.found_on BETWEEN @from AND @to GROUP BY 1)
            SELECT coalesce(sum(m.quantity * coalesce(r.amount, f.amount, 0)) / nullif(sum(m.quantity), 0),
                            (SELECT amount FROM effectiveness.cost_rate WHERE kind = 'defect' AND defect_type IS NULL))
            FROM mix m LEFT JOIN effectiveness.cost_rate r ON r.kind = 'defect' AND r.defect_type = m.defect_type
            LEFT JOIN effectiveness.cost_rate f ON f.kind = 'defect' AND f.defect_type IS NULL
            """, args, cancellationToken: ct)) ?? 0;

        var levels = new LevelsDto(
            feedback.Count, feedback.Content, feedback.Applicability, scores.Count, scores.Count == 0 ? null : scores.Average(s => s.Percent),
            scores.Count == 0 ? null : scores.Average(s => s.Passed ? 1.0 : 0.0), checks.Before, checks.BeforeRate, checks.After, checks.AfterRate);
        return new EvaluationContext(
            levels,
            scores.ToDictionary(s => s.Employee, s => s.Percent),
            instructors.GroupBy(i => i.Completion).ToDictionary(g => g.Key, g => (IReadOnlyList<InstructorRef>)g.Select(i => new InstructorRef(i.Id, i.Name)).ToList()),
            course.CostPerParticipant ?? 0,
            Math.Round(labour * course.ClassHours, 2),
            Math.Round(instructorRate * course.ClassHours * sessions, 2),
            Math.Round(defectCost, 2),
            trained.Count);
    }
}
