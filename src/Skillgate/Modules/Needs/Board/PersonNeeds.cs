using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Needs.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Needs.Board;

/// <summary>
/// The open and accepted needs naming a person, each with its first piece of evidence as the reason. A worker may not read the
/// needs board, but the needs naming them are theirs to see, so this reads past the data scope.
/// </summary>
internal sealed class PersonNeeds(NpgsqlDataSource dataSource, Texts t) : INeedsOfPerson
{
    public async Task<IReadOnlyList<PersonNeed>> ForEmployeeAsync(Guid employeeId, CancellationToken ct)
    {
        using var _ = SqlScope.AsSystem();
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var rows = await connection.QueryAsync<(Guid Id, Guid? CourseId, Guid? SkillId, string Title, string Evidence, DateOnly DueOn, DateTime CreatedAt)>(new CommandDefinition(
            """
            SELECT n.id, n.course_id, n.skill_id, n.title, n.evidence::text, n.due_on, n.created_at FROM needs.need n
            WHERE n.status IN ('open', 'accepted') AND EXISTS (SELECT 1 FROM needs.need_person p WHERE p.need_id = n.id AND p.employee_id = @employeeId)
            ORDER BY n.due_on, n.created_at
            """, new { employeeId }, cancellationToken: ct));
        var texts = t.For(Texts.CultureOf(CultureInfo.CurrentUICulture));
        return rows.Select(r => new PersonNeed(r.Id, r.CourseId, r.SkillId, Reason(r.Evidence, r.Title, texts), r.DueOn, DateOnly.FromDateTime(r.CreatedAt))).ToList();
    }

    private static string Reason(string evidence, string title, IReadOnlyDictionary<string, string> texts)
    {
        var items = NeedHandler.Evidence(evidence);
        return items.Count == 0 ? title : items[0].Render(texts);
    }
}
