using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Skills;

/// <summary>The skill catalogue (a tree with a level scale) and employees' assessments, kept as history.</summary>
internal sealed class SkillHandler(CompetenceDb db, IOrganizationDirectory organization, QualificationEngine engine, AuditActor actor, TimeProvider clock, Texts t) : ISkillCatalog
{
    public async Task<IReadOnlyList<SkillDto>> ListAsync(CancellationToken ct)
    {
        var skills = await db.Set<Skill>().AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct);
        var children = skills.ToLookup(s => s.ParentId);
        var result = new List<SkillDto>();
        void Walk(Guid? parent, int depth)
        {
            foreach (var s in children[parent])
            {
                result.Add(new SkillDto(s.Id, s.Code, s.Name, s.ParentId, s.MaxLevel, s.LevelDescriptions, s.Active, depth));
                Walk(s.Id, depth + 1);
            }
        }

        Walk(null, 0);
        return result;
    }

    public async Task<SkillDto> CreateAsync(SkillInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("code", input.Code, t["validation.required"]).MaxLength("code", input.Code, 40, t["validation.max_length", 40]).Code("code", input.Code, t["validation.code_characters"]);
        v.Require("name", input.Name, t["validation.required"]).MaxLength("name", input.Name, 100, t["validation.max_length", 100]);
        if (input.MaxLevel is < 1 or > 10)
        {
            v.Add("maxLevel", t["competence.max_level_range"]);
        }

        if (input.ParentId is { } parent && !await db.Set<Skill>().AnyAsync(s => s.Id == parent, ct))
        {
            v.Add("parentId", t["competence.skill_unknown"]);
        }

        v.ThrowIfInvalid();
        var code = input.Code.Trim();
        if (await db.Set<Skill>().AnyAsync(s => s.Code.ToLower() == code.ToLower(), ct))
        {
            throw new RuleViolationException("duplicate_code", t["org.duplicate_code", code]);
        }

        var skill = new Skill
        {
            Id = Guid.CreateVersion7(), Code = code, Name = input.Name.Trim(), ParentId = input.ParentId, MaxLevel = input.MaxLevel,
            LevelDescriptions = [.. (input.LevelDescriptions ?? []).Take(input.MaxLevel + 1).Select(d => d.Trim())],
        };
        db.Add(skill);
        await db.SaveChangesAsync(ct);
        return (await ListAsync(ct)).Single(s => s.Id == skill.Id);
    }

    public async Task<IReadOnlyList<AssessmentDto>> AssessmentsAsync(Guid employeeId, CancellationToken ct) =>
        await (from a in db.Set<SkillAssessment>().AsNoTracking()
               join s in db.Set<Skill>() on a.SkillId equals s.Id
               where a.EmployeeId == employeeId
               orderby a.AssessedOn descending, a.RecordedAt descending
               select new AssessmentDto(a.Id, a.SkillId, s.Name, a.Level, a.Method, a.Assessor, a.AssessedOn, a.Evidence)).ToListAsync(ct);

    public async Task<IReadOnlyList<SkillWishDto>> WishesAsync(Guid employeeId, CancellationToken ct) =>
        await (from w in db.Set<SkillWish>().AsNoTracking()
               join s in db.Set<Skill>() on w.SkillId equals s.Id
               where w.EmployeeId == employeeId && w.WithdrawnAt == null
               orderby w.CreatedAt descending
               select new SkillWishDto(w.Id, w.SkillId, s.Name, w.Note, w.CreatedAt)).ToListAsync(ct);

    /// <summary>The employee declares a skill they want to learn (once per skill while open).</summary>
    public async Task<SkillWishDto> WishAsync(Guid employeeId, SkillWishInput input, CancellationToken ct)
    {
        var v = new Validation();
        if (!await db.Set<Skill>().AnyAsync(s => s.Id == input.SkillId && s.Active, ct))
        {
            v.Add("skillId", t["competence.skill_unknown"]);
        }

        v.MaxLength("note", input.Note, 300, t["validation.max_length", 300]);
        v.ThrowIfInvalid();
        if (await db.Set<SkillWish>().AnyAsync(w => w.EmployeeId == employeeId && w.SkillId == input.SkillId && w.WithdrawnAt == null, ct))
        {
            throw new RuleViolationException("already_declared", t["competence.wish_exists"]);
        }

        var wish = new SkillWish { Id = Guid.CreateVersion7(), EmployeeId = employeeId, SkillId = input.SkillId, Note = input.Note?.Trim(), CreatedAt = clock.GetUtcNow() };
        db.Add(wish);
        await db.SaveChangesAsync(ct);
        return (await WishesAsync(employeeId, ct)).First(w => w.Id == wish.Id);
    }

    /// <summary>Records an assessment; the employee's statuses for requirements on that skill follow at once.</summary>
    public async Task<AssessmentDto> AssessAsync(Guid employeeId, AssessmentInput input, CancellationToken ct)
    {
        var v = new Validation();
        var skill = await db.Set<Skill>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.SkillId, ct);
        if (skill is null)
        {
            v.Add("skillId", t["competence.skill_unknown"]);
        }
        else if (input.Level < 0 || input.Level > skill.MaxLevel)
        {
            v.Add("level", t["competence.level_range", skill.MaxLevel]);
        }

        if (!AssessmentMethod.All.Contains(input.Method))
        {
            v.Add("method", t["competence.method_unknown"]);
        }

        if (input.AssessedOn > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            v.Add("assessedOn", t["competence.future_date"]);
        }

        v.MaxLength("evidence", input.Evidence, 500, t["validation.max_length", 500]);
        v.ThrowIfInvalid();
        if (!await organization.EmployeeExistsAsync(employeeId, ct))
        {
            throw new NotFoundException("employee");
        }

        var assessment = new SkillAssessment
        {
            Id = Guid.CreateVersion7(), EmployeeId = employeeId, SkillId = input.SkillId, Level = input.Level, Method = input.Method,
            Assessor = actor.Current.Name, AssessedOn = input.AssessedOn, Evidence = input.Evidence?.Trim(), RecordedAt = clock.GetUtcNow(),
        };
        await using var tx = await db.BeginAsync(ct);
        db.Add(assessment);
        await db.SaveChangesAsync(ct);
        var requirements = await db.Set<Requirement>().Where(r => r.Active && r.SkillId == input.SkillId).Select(r => r.Id).ToListAsync(ct);
        if (requirements.Count > 0)
        {
            await engine.RefreshAsync([employeeId], requirements, ct);
        }

        await tx.CommitAsync(ct);
        return (await AssessmentsAsync(employeeId, ct)).First(a => a.Id == assessment.Id);
    }
}
