using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Requirements;

/// <summary>What posts and operations require; adding or retiring one updates the statuses of the people concerned.</summary>
internal sealed class RequirementHandler(CompetenceDb db, IStandardsCatalog standards, IOrganizationDirectory organization, QualificationEngine engine, TimeProvider clock, Texts t)
{
    /// <summary>The categories a credits requirement may count: one kind, or <c>class_1</c> for both class I kinds.</summary>
    public static readonly string[] CreditCategories = ["class_1", "class_1_national", "class_1_provincial", "class_2"];

    public async Task<IReadOnlyList<RequirementDto>> ListAsync(Guid? positionId, Guid? operationId, CancellationToken ct)
    {
        var list = await db.Set<Requirement>().AsNoTracking()
            .Where(r => r.Active && (positionId == null || r.PositionId == positionId) && (operationId == null || r.OperationId == operationId))
            .OrderBy(r => r.CreatedAt).ToListAsync(ct);
        var labels = await engine.LabelsAsync(list, ct);
        var ids = list.Select(r => r.Id).ToList();
        var equivalents = (await db.Set<RequirementEquivalent>().AsNoTracking().Where(e => ids.Contains(e.RequirementId)).ToListAsync(ct)).ToLookup(e => e.RequirementId, e => e.DocumentId);
        var prerequisites = (await db.Set<RequirementPrerequisite>().AsNoTracking().Where(p => ids.Contains(p.RequirementId)).ToListAsync(ct)).ToLookup(p => p.RequirementId, p => p.PrerequisiteId);
        return list.Select(r => new RequirementDto(
            r.Id, r.PositionId, r.OperationId, r.Kind, r.SkillId, r.MinLevel, r.DocumentId, r.ValidityMonths, labels[r.Id],
            r.OrgUnitId, [.. equivalents[r.Id]], [.. prerequisites[r.Id]], r.MinPoints, r.PointsMonths, r.MinCredits, r.CreditCategory)).ToList();
    }

    public async Task<RequirementDto> CreateAsync(RequirementInput input, CancellationToken ct)
    {
        var v = new Validation();
        if ((input.PositionId is null) == (input.OperationId is null))
        {
            v.Add("positionId", t["competence.requirement_target"]);
        }
        else if (input.OperationId is { } op && !await db.Set<Operation>().AnyAsync(o => o.Id == op, ct))
        {
            v.Add("operationId", t["competence.operation_unknown"]);
        }

        if (!RequirementKind.All.Contains(input.Kind))
        {
            v.Add("kind", t["competence.kind_unknown"]);
        }
        else if (input.Kind == RequirementKind.Skill)
        {
            var skill = input.SkillId is { } s ? await db.Set<Skill>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == s, ct) : null;
            if (skill is null)
            {
                v.Add("skillId", t["competence.skill_unknown"]);
            }
            else if (input.MinLevel is not { } level || level < 1 || level > skill.MaxLevel)
            {
                v.Add("minLevel", t["competence.level_range", skill.MaxLevel]);
            }
        }
        else if (input.Kind == RequirementKind.Points)
        {
            if (input.MinPoints is not { } points || points is < 1 or > 100_000)
            {
                v.Add("minPoints", t["competence.points_range", 1, 100_000]);
            }

            if (input.PointsMonths is < 1 or > 60)
            {
                v.Add("pointsMonths", t["competence.points_months_range", 1, 60]);
            }

            if (input.ValidityMonths is not null)
            {
                v.Add("validityMonths", t["competence.points_no_validity"]);
            }
        }
        else if (input.Kind == RequirementKind.Credits)
        {
            if (input.MinCredits is not { } credits || credits is <= 0 or > 500 || decimal.Round(credits, 1) != credits)
            {
                v.Add("minCredits", t["competence.credits_range", 500]);
            }

            if (input.CreditCategory is { } category && !CreditCategories.Contains(category))
            {
                v.Add("creditCategory", t["competence.credit_category_unknown"]);
            }

            if (input.ValidityMonths is not null)
            {
                v.Add("validityMonths", t["competence.points_no_validity"]);
            }
        }
        else if (input.DocumentId is not { } doc || !await standards.DocumentExistsAsync(doc, ct))
        {
            v.Add("documentId", t["competence.document_unknown"]);
        }

        if (input.ValidityMonths is < 1 or > 120)
        {
            v.Add("validityMonths", t["competence.validity_range"]);
        }

        if (input.OrgUnitId is { } unit && !await organization.AllOrgUnitsExistAsync([unit], ct))
        {
            v.Add("orgUnitId", t["org.unit.unknown"]);
        }

        var equivalents = (input.EquivalentDocumentIds ?? []).Distinct().ToList();
        if (equivalents.Count > 0 && (input.Kind != RequirementKind.Training || equivalents.Contains(input.DocumentId ?? Guid.Empty)
                                      || (await standards.DocumentsAsync(equivalents, ct)).Count != equivalents.Count))
        {
            v.Add("equivalentDocumentIds", t["competence.equivalents_invalid"]);
        }

        var prerequisites = (input.PrerequisiteIds ?? []).Distinct().ToList();
        if (prerequisites.Count > 0 && await db.Set<Requirement>().CountAsync(r => prerequisites.Contains(r.Id) && r.Active, ct) != prerequisites.Count)
        {
            v.Add("prerequisiteIds", t["competence.prerequisites_invalid"]);
        }

        v.ThrowIfInvalid();
        var requirement = new Requirement
        {
            Id = Guid.CreateVersion7(),
            PositionId = input.PositionId,
            OperationId = input.OperationId,
            Kind = input.Kind,
            SkillId = input.Kind == RequirementKind.Skill ? input.SkillId : null,
            MinLevel = input.Kind == RequirementKind.Skill ? input.MinLevel : null,
            DocumentId = input.Kind is RequirementKind.Training or RequirementKind.Acknowledgement ? input.DocumentId : null,
            MinPoints = input.Kind == RequirementKind.Points ? input.MinPoints : null,
            PointsMonths = input.Kind == RequirementKind.Points ? input.PointsMonths ?? 12 : null,
            MinCredits = input.Kind == RequirementKind.Credits ? input.MinCredits : null,
            CreditCategory = input.Kind == RequirementKind.Credits ? input.CreditCategory : null,
            ValidityMonths = input.ValidityMonths,
            OrgUnitId = input.OrgUnitId,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var tx = await db.BeginAsync(ct);
        db.Add(requirement);
        db.AddRange(equivalents.Select(d => new RequirementEquivalent { RequirementId = requirement.Id, DocumentId = d }));
        db.AddRange(prerequisites.Select(p => new RequirementPrerequisite { RequirementId = requirement.Id, PrerequisiteId = p }));
        await db.SaveChangesAsync(ct);
        await engine.RefreshAsync(null, [requirement.Id], ct);
        await tx.CommitAsync(ct);
        return (await ListAsync(input.PositionId, input.OperationId, ct)).Single(r => r.Id == requirement.Id);
    }

    public async Task RetireAsync(Guid id, CancellationToken ct)
    {
        var requirement = await db.Set<Requirement>().FirstOrDefaultAsync(r => r.Id == id && r.Active, ct) ?? throw new NotFoundException("requirement");
        await using var tx = await db.BeginAsync(ct);
        requirement.Active = false;
        requirement.RetiredAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await engine.RefreshAsync(null, [id], ct);
        await tx.CommitAsync(ct);
    }
}
