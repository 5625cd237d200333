using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Courses;

/// <summary>Reads of the course library: the searchable list and one course with its links, materials, reviews and rating.</summary>
internal sealed class CourseQueries(LearningDb db, NpgsqlDataSource dataSource)
{
    public async Task<Page<CourseSummary>> ListAsync(string? q, string? status, int page, int pageSize, CancellationToken ct)
    {
        (page, pageSize) = PageRequest.Of(page, pageSize, 200);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var filter = new { q = string.IsNullOrWhiteSpace(q) ? null : "%" + q.Trim() + "%", status = string.IsNullOrWhiteSpace(status) ? null : status, limit = pageSize, offset = (page - 1) * pageSize };
        const string where = "WHERE (@q::text IS NULL OR c.code ILIKE @q OR c.title ILIKE @q) AND (@status::text IS NULL OR c.status = @status)";
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM learning.course c {where}", filter, cancellationToken: ct));
        var items = await connection.QueryAsync<CourseSummary>(new CommandDefinition(
            $"""
            SELECT c.id AS Id, c.code AS Code, c.title AS Title, c.kind AS Kind, c.status AS Status, c.revision AS Revision, c.class_hours AS ClassHours, c.points AS Points,
                   r.rating AS Rating, coalesce(r.n, 0)::int AS RatingCount
            FROM learning.course c
            LEFT JOIN LATERAL (SELECT avg(f.content_rating)::float8 AS rating, count(*) AS n FROM learning.feedback f WHERE f.course_id = c.id) r ON true
            {where} ORDER BY c.code LIMIT @limit OFFSET @offset
            """, filter, cancellationToken: ct));
        return new Page<CourseSummary>(items.ToList(), total, page, pageSize);
    }

    public async Task<CourseDto> GetAsync(Guid id, CancellationToken ct)
    {
        var c = await db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("course");
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var names = (await connection.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(
            "SELECT id, display_name FROM auth.app_user WHERE id = ANY(@ids)", new { ids = new[] { c.AuthorId, c.PublishedBy ?? Guid.Empty } }, cancellationToken: ct)))
            .ToDictionary(x => x.Id, x => x.Name);
        var unit = c.OwnerUnitId is null ? null : await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT name FROM org.org_unit_v WHERE id = @id", new { id = c.OwnerUnitId }, cancellationToken: ct));
        var documents = await connection.QueryAsync<CourseDocumentDto>(new CommandDefinition(
            """
            SELECT v.id AS DocumentVersionId, d.code || ' v' || v.major || '.' || v.minor || ' · ' || d.title AS Label
            FROM learning.course_document cd JOIN standards.document_version_v v ON v.id = cd.document_version_id JOIN standards.document_v d ON d.id = v.document_id
            WHERE cd.course_id = @id ORDER BY d.code
            """, new { id }, cancellationToken: ct));
        var skills = await connection.QueryAsync<CourseSkillDto>(new CommandDefinition(
            "SELECT s.id AS SkillId, s.name AS Name, cs.level AS Level FROM learning.course_skill cs JOIN competence.skill_v s ON s.id = cs.skill_id WHERE cs.course_id = @id ORDER BY s.name",
            new { id }, cancellationToken: ct));
        var materials = await connection.QueryAsync<MaterialDto>(new CommandDefinition(
            """
            SELECT m.id AS Id, m.file_id AS FileId, m.title AS Title, m.kind AS Kind, f.content_type AS ContentType, m.pages AS Pages, f.size AS Size
            FROM learning.course_material m JOIN platform.stored_file f ON f.id = m.file_id WHERE m.course_id = @id AND m.active ORDER BY m.sort
            """, new { id }, cancellationToken: ct));
        var reviews = await (from r in db.Set<CourseReview>().AsNoTracking()
                             join u in db.Set<AppUser>() on r.UserId equals u.Id
                             join sig in db.Set<ESignature>() on r.SignatureId equals sig.Id into signed
                             from sig in signed.DefaultIfEmpty()
                             where r.CourseId == id
                             orderby r.At descending, r.Id descending
                             select new ReviewStepDto(r.Revision, r.Action, r.Comment, u.DisplayName, r.At, sig == null ? null : sig.Meaning)).ToListAsync(ct);
        var rating = await connection.QueryFirstAsync<(double? Rating, long Count)>(new CommandDefinition(
            "SELECT avg(content_rating)::float8, count(*) FROM learning.feedback WHERE course_id = @id", new { id }, cancellationToken: ct));
        return new CourseDto(
            c.Id, c.Code, c.Title, c.Kind, c.ClassHours, c.Description, c.OwnerUnitId, unit, c.Points, c.CostPerParticipant, c.MinMaterialPercent, c.RequiresExam,
            c.CertificateMonths, c.Revision, c.Status, c.AuthorId, names.GetValueOrDefault(c.AuthorId, "?"), c.PublishedBy is { } p ? names.GetValueOrDefault(p) : null,
            c.PublishedAt, documents.ToList(), skills.ToList(), materials.ToList(), reviews, rating.Rating, (int)rating.Count, c.Version, c.Credits, c.CreditCategory);
    }
}
