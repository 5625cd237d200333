using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Files;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Courses;

/// <summary>The materials of a draft course.</summary>
internal sealed class CourseMaterials(LearningDb db, FileStore files, Texts t)
{
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
}
