using Dapper;
using Npgsql;
using Skillgate.Modules.Training.Attendance;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Training.Rules;

/// <summary>The classroom and practical courses with the attendance rules in force for each (their own, or the defaults).</summary>
internal sealed class RuleQueries(NpgsqlDataSource dataSource)
{
    public async Task<Page<CourseRuleRow>> ListAsync(string? q, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        var args = new { q = string.IsNullOrWhiteSpace(q) ? null : "%" + q.Trim() + "%", limit = pageSize, offset = (page - 1) * pageSize };
        const string where = "WHERE c.kind IN ('classroom', 'practical') AND c.status <> 'retired' AND (@q::text IS NULL OR c.code ILIKE @q OR c.title ILIKE @q)";
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM learning.course_v c {where}", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<(Guid Id, string Code, string Title, bool? RequireCheckOut, int? MinPresencePercent, string[]? BlockingFlags)>(new CommandDefinition(
            $"""
            SELECT c.id, c.code, c.title, r.require_check_out, r.min_presence_percent, r.blocking_flags
            FROM learning.course_v c LEFT JOIN training.attendance_rule r ON r.course_id = c.id
            {where} ORDER BY c.code LIMIT @limit OFFSET @offset
            """, args, cancellationToken: ct));
        var defaults = AttendanceCounting.Rule.Default;
        return new Page<CourseRuleRow>(
            rows.Select(r => new CourseRuleRow(
                r.Id, r.Code, r.Title, r.RequireCheckOut ?? defaults.RequireCheckOut, r.MinPresencePercent ?? defaults.MinPresencePercent,
                r.BlockingFlags ?? [.. AttendanceCounting.DefaultBlocking], r.RequireCheckOut is not null)).ToList(),
            total, page, pageSize);
    }
}

internal sealed record CourseRuleRow(Guid CourseId, string Code, string Title, bool RequireCheckOut, int MinPresencePercent, IReadOnlyList<string> BlockingFlags, bool Custom);
