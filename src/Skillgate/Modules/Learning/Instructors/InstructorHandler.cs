using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Learning.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning.Instructors;

/// <summary>The instructor library: internal instructors (employees) and external ones, the courses each may teach, their rating.</summary>
internal sealed class InstructorHandler(LearningDb db, NpgsqlDataSource dataSource, TimeProvider clock, Texts t)
{
    public async Task<IReadOnlyList<InstructorDto>> ListAsync(string? q, CancellationToken ct)
    {
        var instructors = db.Set<Instructor>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + q.Trim() + "%";
            instructors = instructors.Where(i => EF.Functions.ILike(i.Name, pattern) || EF.Functions.ILike(i.Subjects, pattern));
        }

        return await ReadAsync(instructors.OrderByDescending(i => i.Active).ThenBy(i => i.Name).Take(500), ct);
    }

    public async Task<InstructorDto> GetAsync(Guid id, CancellationToken ct) =>
        await ReadAsync(db.Set<Instructor>().AsNoTracking().Where(i => i.Id == id), ct) is [var found] ? found : throw new NotFoundException("instructor");

    /// <summary>The instructors with the courses they may teach and their rating.</summary>
    private async Task<IReadOnlyList<InstructorDto>> ReadAsync(IQueryable<Instructor> instructors, CancellationToken ct)
    {
        var list = await instructors.ToListAsync(ct);
        var ids = list.Select(i => i.Id).ToList();
        var courses = (await (from ic in db.Set<InstructorCourse>()
                              join c in db.Set<Course>() on ic.CourseId equals c.Id
                              where ids.Contains(ic.InstructorId)
                              select new { ic.InstructorId, c.Id, c.Code }).ToListAsync(ct)).ToLookup(x => x.InstructorId);
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var ratings = (await connection.QueryAsync<(Guid Id, double Rating, long Count)>(new CommandDefinition(
            "SELECT instructor_id, avg(instructor_rating)::float8, count(*) FROM learning.feedback WHERE instructor_id = ANY(@ids) AND instructor_rating IS NOT NULL GROUP BY instructor_id",
            new { ids = ids.ToArray() }, cancellationToken: ct))).ToDictionary(r => r.Id);
        return list.Select(i => new InstructorDto(
            i.Id, i.Kind, i.EmployeeId, i.Name, i.Organization, i.Subjects, i.Active, courses[i.Id].Select(c => c.Id).ToList(), courses[i.Id].Select(c => c.Code).ToList(),
            ratings.TryGetValue(i.Id, out var r) ? Math.Round(r.Rating, 2) : null, ratings.TryGetValue(i.Id, out var n) ? (int)n.Count : 0)).ToList();
    }

    public async Task<InstructorDto> CreateAsync(InstructorInput input, CancellationToken ct)
    {
        var instructor = new Instructor { Id = Guid.CreateVersion7(), Kind = input.Kind, Name = "", CreatedAt = clock.GetUtcNow() };
        await ApplyAsync(instructor, input, ct);
        db.Add(instructor);
        await db.SaveChangesAsync(ct);
        return await GetAsync(instructor.Id, ct);
    }

    public async Task<InstructorDto> UpdateAsync(Guid id, InstructorInput input, CancellationToken ct)
    {
        var instructor = await db.Set<Instructor>().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("instructor");
        await ApplyAsync(instructor, input, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task DeactivateAsync(Guid id, CancellationToken ct)
    {
        var instructor = await db.Set<Instructor>().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new NotFoundException("instructor");
        instructor.Active = false;
        await db.SaveChangesAsync(ct);
    }

    private async Task ApplyAsync(Instructor instructor, InstructorInput input, CancellationToken ct)
    {
        var v = new Validation();
        string? employeeName = null;
        if (input.Kind == "internal")
        {
            employeeName = input.EmployeeId is { } e
                ? await db.Database.SqlQuery<string>($"SELECT name AS \"Value\" FROM org.employee_v WHERE id = {e} AND status <> 'exited'").FirstOrDefaultAsync(ct)
                : null;
            if (employeeName is null)
            {
                v.Add("employeeId", t["learning.instructor_employee"]);
            }
            else if (await db.Set<Instructor>().AnyAsync(i => i.EmployeeId == input.EmployeeId && i.Id != instructor.Id, ct))
            {
                v.Add("employeeId", t["learning.instructor_exists"]);
            }
        }
        else if (input.Kind == "external")
        {
            v.Require("name", input.Name, t["validation.required"]).MaxLength("name", input.Name, 100, t["validation.max_length", 100]);
        }
        else
        {
            v.Add("kind", t["learning.instructor_kind"]);
        }

        v.MaxLength("organization", input.Organization, 200, t["validation.max_length", 200]).MaxLength("subjects", input.Subjects, 500, t["validation.max_length", 500]);
        var courseIds = (input.CourseIds ?? []).Distinct().ToList();
        if (await db.Set<Course>().CountAsync(c => courseIds.Contains(c.Id), ct) != courseIds.Count)
        {
            v.Add("courseIds", t["learning.course_unknown"]);
        }

        v.ThrowIfInvalid();
        instructor.Kind = input.Kind;
        instructor.EmployeeId = input.Kind == "internal" ? input.EmployeeId : null;
        instructor.Name = employeeName ?? input.Name!.Trim();
        instructor.Organization = input.Organization?.Trim();
        instructor.Subjects = input.Subjects?.Trim() ?? "";
        instructor.Active = true;
        db.RemoveRange(await db.Set<InstructorCourse>().Where(x => x.InstructorId == instructor.Id).ToListAsync(ct));
        db.AddRange(courseIds.Select(c => new InstructorCourse { InstructorId = instructor.Id, CourseId = c }));
    }
}
