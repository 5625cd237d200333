using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using static Skillgate.Modules.Competence.Demo.CompetenceDemoSeeder;

namespace Skillgate.Modules.Competence.Demo;

/// <summary>
/// With the demo hospital: the IV-therapy skill, requirements on every post (infection control for all; 25 continuing-education
/// credits a year for clinical staff; the medical-record standard for doctors; the IV-therapy standard for nurses), the gated
/// procedures (IV therapy in each department, the surgical safety checklist in the operating theatre) with the staff who
/// perform them, and a year and a half of completions so the matrix shows some expiring and some expired.
/// </summary>
internal sealed class HospitalCompetenceDemoSeeder(IServiceScopeFactory scopes, ILogger<HospitalCompetenceDemoSeeder> logger) : IHostedService
{
    private const decimal YearlyCredits = 25m;
    private static readonly string[] Departments = ["SURG", "MED", "ICU"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CompetenceDb>();
        if (await db.Set<Skill>().AnyAsync(s => s.Code == "IVT", cancellationToken))
        {
            return;
        }

        var documents = (await services.GetRequiredService<IStandardsCatalog>().ListAsync(cancellationToken)).ToDictionary(d => d.Code);
        if (!documents.TryGetValue("SSC-01", out var safetyChecklist) || !documents.TryGetValue("IVT-01", out var ivTherapy) ||
            !documents.TryGetValue("HAI-01", out var infection) || !documents.TryGetValue("MR-WRITE-01", out var records))
        {
            return;
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var random = new Random(20261207);
        string[] levels = ["未掌握", "在指导下操作", "独立操作", "熟练", "可带教"];
        var ivt = new Skill { Id = Guid.CreateVersion7(now), Code = "IVT", Name = "静脉治疗", MaxLevel = 4, LevelDescriptions = [.. levels] };
        var picc = new Skill { Id = Guid.CreateVersion7(now), Code = "IVT-PICC", Name = "PICC 维护", ParentId = ivt.Id, MaxLevel = 4, LevelDescriptions = [.. levels] };
        db.AddRange(ivt, picc);

        var connection = services.GetRequiredService<NpgsqlDataSource>();
        await using var read = await connection.OpenScopedAsync(cancellationToken);
        var positions = (await read.QueryAsync<(Guid Id, string Code)>("SELECT id, code FROM org.position_v WHERE active")).ToList();
        var staff = (await read.QueryAsync<Person>(
            """
            SELECT e.id, p.code AS post, u.code AS unit,
                   (SELECT a.user_name FROM auth.app_user a WHERE a.employee_id = e.id LIMIT 1) AS login
            FROM org.employee_v e JOIN org.position_v p ON p.id = e.position_id JOIN org.org_unit_v u ON u.id = e.org_unit_id
            WHERE e.status <> 'exited' ORDER BY e.employee_no
            """)).ToList();
        var units = (await read.QueryAsync<(string Code, Guid Id)>("SELECT code, id FROM org.org_unit_v WHERE code LIKE 'HOSP%'")).ToDictionary(u => u.Code, u => u.Id);

        var hai = infection.Id;
        foreach (var (id, code) in positions)
        {
            db.Add(Requirement(id, null, RequirementKind.Training, null, null, hai, 12, now));
            if (!Clinical(code))
            {
                continue;
            }

            db.Add(Credits(id, now));
            if (Doctor(code))
            {
                db.Add(Requirement(id, null, RequirementKind.Acknowledgement, null, null, records.Id, null, now));
            }
            else
            {
                db.Add(Requirement(id, null, RequirementKind.Training, null, null, ivTherapy.Id, 12, now));
            }
        }

        var operations = new List<(Operation Operation, Func<Person, bool> Performs)>();
        foreach (var department in Departments)
        {
            var unit = "HOSP-" + department;
            var iv = new Operation { Id = Guid.CreateVersion7(now), Code = "IVT-" + department, Name = "静脉治疗", OrgUnitId = units[unit] };
            db.Add(Requirement(null, iv.Id, RequirementKind.Skill, ivt.Id, 2, null, null, now));
            db.Add(Requirement(null, iv.Id, RequirementKind.Training, null, null, ivTherapy.Id, 12, now));
            operations.Add((iv, p => p.Unit.StartsWith(unit, StringComparison.Ordinal) && Nurse(p.Post) && p.Unit != "HOSP-SURG-OR"));
        }

        var checklist = new Operation { Id = Guid.CreateVersion7(now), Code = "SSC-OR", Name = "手术安全核查", OrgUnitId = units["HOSP-SURG-OR"] };
        db.Add(Requirement(null, checklist.Id, RequirementKind.Training, null, null, safetyChecklist.Id, null, now));
        operations.Add((checklist, p => p.Unit == "HOSP-SURG-OR" || (p.Unit == "HOSP-SURG" && Doctor(p.Post))));
        db.AddRange(operations.Select(o => o.Operation));
        db.AddRange(operations.SelectMany(o => staff.Where(o.Performs).Select(p => new OperationAssignment
        {
            Id = Guid.CreateVersion7(now), EmployeeId = p.Id, OperationId = o.Operation.Id, AssignedAt = now.AddDays(-200),
        })));

        var versions = (await read.QueryAsync<(Guid Id, string Code)>(
            "SELECT v.id, d.code FROM standards.document_version_v v JOIN standards.document_v d ON d.id = v.document_id WHERE v.major = 1"))
            .ToDictionary(v => v.Code, v => v.Id);
        foreach (var person in staff)
        {
            var story = person.Login is "employee" or "nurse";
            if (story || random.NextDouble() < 0.92)
            {
                db.Add(Completion(person.Id, versions["HAI-01"], today.AddDays(story ? -120 : -random.Next(5, 420)), now));
            }

            if (Clinical(person.Post) && Doctor(person.Post) && random.NextDouble() < 0.9)
            {
                db.Add(new Acknowledgement { Id = Guid.CreateVersion7(now), EmployeeId = person.Id, DocumentVersionId = versions["MR-WRITE-01"], AcknowledgedAt = now.AddDays(-random.Next(30, 600)) });
            }

            if (person.Unit == "HOSP-SURG-OR" || (person.Unit == "HOSP-SURG" && Doctor(person.Post)))
            {
                if (story || random.NextDouble() < 0.95)
                {
                    db.Add(Completion(person.Id, versions["SSC-01"], today.AddDays(-random.Next(30, 400)), now));
                }
            }

            if (Clinical(person.Post) && Nurse(person.Post))
            {
                if (story || random.NextDouble() < 0.9)
                {
                    db.Add(Completion(person.Id, versions["IVT-01"], today.AddDays(story ? -90 : -random.Next(5, 420)), now));
                }

                var assessedOn = today.AddDays(-random.Next(10, 300));
                db.Add(new SkillAssessment
                {
                    Id = Guid.CreateVersion7(now), EmployeeId = person.Id, SkillId = ivt.Id, Level = story ? 3 : random.Next(1, 5), Method = "practical",
                    Assessor = "demo-seed", AssessedOn = assessedOn, RecordedAt = Start(assessedOn),
                });
            }
        }

        var changed = await SaveAndRefreshAsync(services, db, now, cancellationToken);
        logger.LogInformation("Demo hospital competence data seeded: {Statuses} qualification statuses", changed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool Clinical(string post) => Departments.Any(d => post.StartsWith("HOSP-" + d + "-", StringComparison.Ordinal));

    private static bool Doctor(string post) => post.EndsWith("-CHIEF", StringComparison.Ordinal) || post.EndsWith("-ATTENDING", StringComparison.Ordinal) || post.EndsWith("-RESIDENT", StringComparison.Ordinal);

    private static bool Nurse(string post) => post.EndsWith("NURSE", StringComparison.Ordinal);

    private static Requirement Credits(Guid position, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), PositionId = position, Kind = RequirementKind.Credits, MinCredits = YearlyCredits, CreatedAt = now.AddYears(-1),
    };

    private sealed record Person(Guid Id, string Post, string Unit, string? Login);
}
