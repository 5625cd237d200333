using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Competence.Qualifications;

/// <summary>
/// Keeps <c>competence.qualification</c> current. Every status comes from one SQL definition
/// (<c>competence.evaluate</c>); changes are applied only to the employees and requirements a change touches.
/// </summary>
internal sealed class QualificationEngine(CompetenceDb db, IStandardsCatalog standards, TimeProvider clock, IConfiguration configuration, Texts t)
{
    public int ExpiringWindowDays => configuration.GetValue("Skillgate:ExpiringWindowDays", 30);

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Brings stored statuses up to date; null means "all that apply". Runs in the caller's transaction.</summary>
    public async Task<int> RefreshAsync(IReadOnlyCollection<Guid>? employees, IReadOnlyCollection<Guid>? requirements, CancellationToken ct)
    {
        var (connection, transaction) = await db.SqlAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT competence.refresh(@employees::uuid[], @requirements::uuid[], @today::date, @window, @now)",
            new
            {
                employees = employees?.ToArray(),
                requirements = requirements?.ToArray(),
                today = Today.ToDateTime(TimeOnly.MinValue),
                window = ExpiringWindowDays,
                now = clock.GetUtcNow(),
            },
            transaction, commandTimeout: 600, cancellationToken: ct));
    }

    /// <summary>Human labels of requirements, e.g. "SOP-CF v2.0 training" or "TIG welding ≥ level 3".</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> LabelsAsync(IReadOnlyCollection<Requirement> requirements, CancellationToken ct)
    {
        var label = await LabelerAsync(requirements, ct);
        return requirements.ToDictionary(r => r.Id, r => label(r.Id));
    }

    /// <summary>The requirements' labels in the language current when each is asked for (a notification's reader's).</summary>
    public async Task<Func<Guid, string>> LabelerAsync(IReadOnlyCollection<Requirement> requirements, CancellationToken ct)
    {
        var documents = await standards.DocumentsAsync(requirements.Where(r => r.DocumentId is not null).Select(r => r.DocumentId!.Value).ToList(), ct);
        var skillIds = requirements.Where(r => r.SkillId is not null).Select(r => r.SkillId!.Value).Distinct().ToList();
        var skills = await db.Set<Skill>().Where(s => skillIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var byId = requirements.ToDictionary(r => r.Id);
        return id =>
        {
            var r = byId[id];
            var document = r.DocumentId is { } d ? documents.GetValueOrDefault(d) : null;
            return Label(r.Kind, r.SkillId is { } s ? skills.GetValueOrDefault(s) : null, r.MinLevel, document?.Code, document?.CurrentVersion, r.MinPoints, r.PointsMonths, r.MinCredits, r.CreditCategory);
        };
    }

    /// <summary>The one wording of a requirement, used by the pages, the matrix, the gate and the reminders.</summary>
    public string Label(
        string kind, string? skillName, int? minLevel, string? documentCode, string? currentVersion, int? minPoints = null, int? pointsMonths = null,
        decimal? minCredits = null, string? creditCategory = null)
    {
        var document = documentCode is null ? "?" : currentVersion is null ? documentCode : $"{documentCode} {currentVersion}";
        return kind switch
        {
            RequirementKind.Skill => t["competence.label.skill", skillName ?? "?", minLevel ?? 0].Value,
            RequirementKind.Training => t["competence.label.training", document].Value,
            RequirementKind.Points => t["competence.label.points", minPoints ?? 0, pointsMonths ?? 12].Value,
            RequirementKind.Credits when creditCategory is not null =>
                t["competence.label.credits_category", CreditAmounts.Format(minCredits ?? 0), t[CompetenceVocabularies.CreditCategory, creditCategory]].Value,
            RequirementKind.Credits => t["competence.label.credits", CreditAmounts.Format(minCredits ?? 0)].Value,
            _ => t["competence.label.acknowledgement", document].Value,
        };
    }
}

/// <summary>A new effective version changes the status of everyone whose requirements name the document, at once.</summary>
internal sealed class DocumentVersionRefresher(CompetenceDb db, QualificationEngine engine) : IDocumentVersionListener
{
    public async Task VersionBecameEffectiveAsync(Guid documentId, CancellationToken ct)
    {
        var requirements = await db.Set<Requirement>().Where(r => r.Active && r.DocumentId == documentId).Select(r => r.Id).ToListAsync(ct);
        if (requirements.Count > 0)
        {
            await engine.RefreshAsync(null, requirements, ct);
        }
    }
}
