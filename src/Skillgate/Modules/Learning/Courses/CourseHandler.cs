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
/// The course library: draft → in QA review → published (approved with an electronic signature by QA, never the author) → retired.
/// A returned course goes back to draft with the reviewer's comment; reopening a published course starts its next revision.
/// </summary>
internal sealed class CourseHandler(
    LearningDb db, Npgsql.NpgsqlDataSource dataSource, IStandardsCatalog standards, IOrganizationDirectory organization, ESignatureService signatures, FileStore files, CurrentUser me,
    CourseQueries queries, TimeProvider clock, Texts t)
{
    public Task<Page<CourseSummary>> ListAsync(string? q, string? status, int page, int pageSize, CancellationToken ct) =>
        queries.ListAsync(q, status, page, pageSize, ct);

    public Task<CourseDto> GetAsync(Guid id, CancellationToken ct) => queries.GetAsync(id, ct);

    public async Task<CourseDto> CreateAsync(CourseInput input, CancellationToken ct)
    {
        var v = Validate(input.Title, input.Kind, input.ClassHours, input.Description, input.Points, input.CostPerParticipant, input.MinMaterialPercent, input.CertificateMonths);
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
        if (input.OwnerUnitId is { } unit && !await organization.AllOrgUnitsExistAsync([unit], ct))
        {
            v.Add("ownerUnitId", t["learning.unit_unknown"]);
        }

        v.ThrowIfInvalid();
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

    /// <summary>Adds a material (PDF, image or video, checked by content and size) to a draft course.</summary>
    public async Task<MaterialDto> AddMaterialAsync(Guid id, Stream content, string fileName, long length, string? title, int pages, CancellationToken ct)
    {
        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("course");
        if (course.Status != CourseStatus.Draft)
        {
            throw new RuleViolationException("course_not_draft", t["learning.course_not_draft"]);
        }

        var v = new Validation();
        v.MaxLength("title", title, 200, t["validation.max_length", 200]);
        if (pages is < 1 or > 2000)
        {
            v.Add("pages", t["learning.pages_range"]);
        }

        v.ThrowIfInvalid();
        var stored = await files.SaveAsync(content, fileName, length, FileKinds.Materials, ct, FileKinds.MaxVideoBytes);
        var kind = stored.ContentType.StartsWith("video/", StringComparison.Ordinal) ? "video" : stored.ContentType == FileKinds.Pdf ? "document" : "image";
        var sort = await db.Set<CourseMaterial>().CountAsync(m => m.CourseId == id, ct);
        var material = new CourseMaterial
        {
            Id = Guid.CreateVersion7(), CourseId = id, FileId = stored.Id, Title = string.IsNullOrWhiteSpace(title) ? stored.FileName : title.Trim(), Kind = kind,
            Pages = kind == "document" ? pages : 1, Sort = sort,
        };
        db.Add(material);
        await db.SaveChangesAsync(ct);
        return new MaterialDto(material.Id, stored.Id, material.Title, kind, stored.ContentType, material.Pages, stored.Size);
    }

    public async Task SubmitAsync(Guid id, CancellationToken ct)
    {
        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("course");
        if (course.Status != CourseStatus.Draft)
        {
            throw new RuleViolationException("course_not_draft", t["learning.course_not_draft"]);
        }

        course.Status = CourseStatus.InReview;
        AddReview(course, "submitted", null, null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>QA sends a course in review back to draft; the comment stays visible to the author.</summary>
    public async Task ReturnAsync(Guid id, ReturnInput input, CancellationToken ct)
    {
        var course = await InReviewAsync(id, ct);
        var v = new Validation();
        v.Require("comment", input.Comment, t["learning.comment_required"]).MaxLength("comment", input.Comment, 2000, t["validation.max_length", 2000]);
        v.ThrowIfInvalid();
        course.Status = CourseStatus.Draft;
        AddReview(course, "returned", input.Comment!.Trim(), null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>QA approves with an electronic signature; the author can never approve their own course.</summary>
    public async Task ApproveAsync(Guid id, ApproveInput input, CancellationToken ct)
    {
        var course = await InReviewAsync(id, ct);
        if (course.AuthorId == me.UserId)
        {
            throw new RuleViolationException("author_cannot_approve", t["learning.author_cannot_approve"]);
        }

        new Validation().MaxLength("comment", input.Comment, 2000, t["validation.max_length", 2000]).ThrowIfInvalid();
        var signature = await signatures.SignAsync(input.Password, input.Meaning, "course", course.Id, ct);
        course.Status = CourseStatus.Published;
        course.PublishedBy = signature.UserId;
        course.PublishedAt = signature.SignedAt;
        AddReview(course, "approved", input.Comment?.Trim(), signature.Id);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Starts the next revision of a published course: it goes back to draft and must pass QA review again.</summary>
    public async Task ReopenAsync(Guid id, CancellationToken ct)
    {
        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("course");
        if (course.Status != CourseStatus.Published)
        {
            throw new RuleViolationException("course_not_published", t["learning.course_not_published"]);
        }

        course.Revision++;
        course.Status = CourseStatus.Draft;
        AddReview(course, "reopened", null, null);
        await db.SaveChangesAsync(ct);
    }

    public async Task RetireAsync(Guid id, CancellationToken ct)
    {
        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("course");
        if (course.Status == CourseStatus.Retired)
        {
            return;
        }

        course.Status = CourseStatus.Retired;
        AddReview(course, "retired", null, null);
        await db.SaveChangesAsync(ct);
    }

    private void AddReview(Course course, string action, string? comment, Guid? signatureId) =>
        db.Add(new CourseReview
        {
            Id = Guid.CreateVersion7(), CourseId = course.Id, Revision = course.Revision, Action = action, Comment = comment,
            UserId = me.UserId ?? throw new RuleViolationException("signature_needs_person", t["signature.needs_person"]), SignatureId = signatureId, At = clock.GetUtcNow(),
        });

    private async Task<Course> InReviewAsync(Guid id, CancellationToken ct)
    {
        var course = await db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("course");
        return course.Status == CourseStatus.InReview ? course : throw new RuleViolationException("course_not_in_review", t["learning.course_not_in_review"]);
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
