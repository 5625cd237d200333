using Dapper;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Courses;

/// <summary>
/// The course library: a course's description, skills and linked documents, edited while it is a draft. Its review is
/// <see cref="CourseReviewFlow"/>, its materials <see cref="CourseMaterials"/>.
/// </summary>
internal sealed class CourseHandler(
    LearningDb db, Npgsql.NpgsqlDataSource dataSource, IStandardsCatalog standards, IOrganizationDirectory organization, CurrentUser me,
    CourseQueries queries, TimeProvider clock, Texts t)
{
    public Task<Page<CourseSummary>> ListAsync(string? q, string? status, int page, int pageSize, CancellationToken ct) =>
        queries.ListAsync(q, status, page, pageSize, ct);

    public Task<CourseDto> GetAsync(Guid id, CancellationToken ct) => queries.GetAsync(id, ct);

    public async Task<CourseDto> CreateAsync(CourseInput input, CancellationToken ct)
    {
        var v = Validate(input.Title, input.Kind, input.ClassHours, input.Description, input.Points, input.CostPerParticipant, input.MinMaterialPercent, input.CertificateMonths);
        ValidateCredits(v, input.Credits, input.CreditCategory);
        v.Require("code", input.Code, t["validation.required"]).MaxLength("code", input.Code, 40, t["validation.max_length", 40]).Code("code", input.Code, t["validation.code_characters"]);
        if (input.OwnerUnitId is { } unit && !await organization.AllOrgUnitsExistAsync([unit], ct))
        {
            v.Add("ownerUnitId", t["learning.unit_unknown"]);
        }

        v.ThrowIfInvalid();
        var code = input.Code.Trim();
        if (await db.Set<Course>().AnyAsync(c => c.Code.ToLower() == code.ToLower(), ct))
        {
            throw new RuleViolationException("duplicate_code", t["org.duplicate_code", code]);
        }

        var course = new Course
        {
            Id = Guid.CreateVersion7(), Code = code, Title = input.Title.Trim(), Kind = input.Kind, ClassHours = input.ClassHours,
            Description = input.Description?.Trim() ?? "", OwnerUnitId = input.OwnerUnitId, Points = input.Points, CostPerParticipant = input.CostPerParticipant,
            MinMaterialPercent = input.MinMaterialPercent, RequiresExam = input.RequiresExam, CertificateMonths = input.CertificateMonths,
            Credits = input.Credits, CreditCategory = input.Credits is null ? null : input.CreditCategory,
            AuthorId = me.UserId ?? throw new RuleViolationException("signature_needs_person", t["signature.needs_person"]), CreatedAt = clock.GetUtcNow(),
        };
        db.Add(course);
        await db.SaveChangesAsync(ct);
        return await GetAsync(course.Id, ct);
    }

    public async Task<CourseDto> UpdateAsync(Guid id, CourseUpdate input, CancellationToken ct)
    {
        var course = await DraftAsync(id, input.Version, ct);
        var v = Validate(input.Title, input.Kind, input.ClassHours, input.Description, input.Points, input.CostPerParticipant, input.MinMaterialPercent, input.CertificateMonths);
        ValidateCredits(v, input.Credits, input.CreditCategory);
        if (input.OwnerUnitId is { } unit && !await organization.AllOrgUnitsExistAsync([unit], ct))
        {
            v.Add("ownerUnitId", t["learning.unit_unknown"]);
        }

        v.ThrowIfInvalid();
        course.Credits = input.Credits;
        course.CreditCategory = input.Credits is null ? null : input.CreditCategory;
        course.Title = input.Title.Trim();
        course.Kind = input.Kind;
        course.ClassHours = input.ClassHours;
        course.Description = input.Description?.Trim() ?? "";
        course.OwnerUnitId = input.OwnerUnitId;
        course.Points = input.Points;
        course.CostPerParticipant = input.CostPerParticipant;
        course.MinMaterialPercent = input.MinMaterialPercent;
        course.RequiresExam = input.RequiresExam;
        course.CertificateMonths = input.CertificateMonths;
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Sets the released standard versions the course trains on and the skill levels it raises.</summary>
    public async Task<CourseDto> SetLinksAsync(Guid id, CourseLinksInput input, CancellationToken ct)
    {
        var course = await DraftAsync(id, input.Version, ct);
        var v = new Validation();
        var versions = (input.DocumentVersionIds ?? []).Distinct().ToList();
        foreach (var versionId in versions)
        {
            if (await standards.VersionAsync(versionId, ct) is not { Status: "effective" or "approved" })
            {
                v.Add("documentVersionIds", t["learning.version_not_effective"]);
                break;
            }
        }

        var skills = (input.Skills ?? []).DistinctBy(s => s.SkillId).ToList();
        if (skills.Count > 0)
        {
            await using var connection = await dataSource.OpenScopedAsync(ct);
            var known = (await connection.QueryAsync<SkillRow>(new CommandDefinition(
                "SELECT id AS Id, max_level AS MaxLevel FROM competence.skill_v WHERE id = ANY(@ids) AND active", new { ids = skills.Select(s => s.SkillId).ToArray() }, cancellationToken: ct))).ToList();
            foreach (var skill in skills)
            {
                var row = known.FirstOrDefault(k => k.Id == skill.SkillId);
                if (row is null)
                {
                    v.Add("skills", t["competence.skill_unknown"]);
                }
                else if (skill.Level < 1 || skill.Level > row.MaxLevel)
                {
                    v.Add("skills", t["competence.level_range", row.MaxLevel]);
                }
            }
        }

        v.ThrowIfInvalid();
        db.RemoveRange(await db.Set<CourseDocument>().Where(d => d.CourseId == id).ToListAsync(ct));
        db.RemoveRange(await db.Set<CourseSkill>().Where(s => s.CourseId == id).ToListAsync(ct));
        db.AddRange(versions.Select(x => new CourseDocument { CourseId = id, DocumentVersionId = x }));
        db.AddRange(skills.Select(s => new CourseSkill { CourseId = id, SkillId = s.SkillId, Level = s.Level }));
        course.Version++;
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<Course> DraftAsync(Guid id, int version, CancellationToken ct)
    {
        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("course");
        if (course.Status != CourseStatus.Draft)
        {
            throw new RuleViolationException("course_not_draft", t["learning.course_not_draft"]);
        }

        db.Entry(course).Property(c => c.Version).OriginalValue = version;
        return course;
    }

    /// <summary>Credits come with their category: more than 0, at most 50, in steps of 0.1.</summary>
    private void ValidateCredits(Validation v, decimal? credits, string? category)
    {
        if (credits is { } c && (c is <= 0 or > 50 || decimal.Round(c, 1) != c))
        {
            v.Add("credits", t["learning.credits_range", 50]);
        }

        if (credits is not null && (category is null || !CreditCategories.Contains(category)))
        {
            v.Add("creditCategory", t["learning.credit_category_required"]);
        }
    }

    /// <summary>The categories a course or an external credit carries (a requirement may also count class_1: both class I kinds).</summary>
    public static readonly string[] CreditCategories = ["class_1_national", "class_1_provincial", "class_2"];

    private Validation Validate(string title, string kind, decimal hours, string? description, int points, decimal cost, int minPercent, int? certificateMonths)
    {
        var v = new Validation();
        v.Require("title", title, t["validation.required"]).MaxLength("title", title, 200, t["validation.max_length", 200]);
        v.MaxLength("description", description, 4000, t["validation.max_length", 4000]);
        if (!CourseKind.All.Contains(kind))
        {
            v.Add("kind", t["learning.kind_unknown"]);
        }

        if (hours is < 0 or > 1000)
        {
            v.Add("classHours", t["learning.hours_range"]);
        }

        if (points is < 0 or > 10000)
        {
            v.Add("points", t["learning.points_range"]);
        }

        if (cost is < 0 or > 1_000_000)
        {
            v.Add("costPerParticipant", t["learning.cost_range"]);
        }

        if (minPercent is < 0 or > 100)
        {
            v.Add("minMaterialPercent", t["learning.percent_range"]);
        }

        if (certificateMonths is < 1 or > 120)
        {
            v.Add("certificateMonths", t["competence.validity_range"]);
        }

        return v;
    }

    private sealed record SkillRow(Guid Id, int MaxLevel);
}
