using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Competence.Domain;
using Skillgate.Modules.Competence.Qualifications;
using Skillgate.Modules.Standards.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Competence.Demo;

/// <summary>
/// With the demo plant: skills, the welding station gate, requirements on every post, a year of completions
/// (some on the old work-instruction version, some expiring) and skill assessments, so the matrix tells a story.
/// </summary>
internal sealed class CompetenceDemoSeeder(IServiceScopeFactory scopes, ILogger<CompetenceDemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CompetenceDb>();
        if (await db.Set<Skill>().AnyAsync(s => s.Code == "WELD", cancellationToken))
        {
            return;
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var random = new Random(20261121);
        var documents = (await services.GetRequiredService<IStandardsCatalog>().ListAsync(cancellationToken)).ToDictionary(d => d.Code);
        var weld = new Skill { Id = Guid.CreateVersion7(now), Code = "WELD", Name = "焊接", MaxLevel = 4, LevelDescriptions = ["未掌握", "在指导下操作", "独立操作", "熟练", "可带教"] };
        var tig = new Skill { Id = Guid.CreateVersion7(now), Code = "WELD-TIG", Name = "TIG 焊", ParentId = weld.Id, MaxLevel = 4, LevelDescriptions = weld.LevelDescriptions };
        var assembly = new Skill { Id = Guid.CreateVersion7(now), Code = "ASSY", Name = "总装", MaxLevel = 4, LevelDescriptions = weld.LevelDescriptions };
        db.AddRange(weld, tig, assembly);

        var connection = services.GetRequiredService<NpgsqlDataSource>();
        await using var read = await connection.OpenScopedAsync(cancellationToken);
        var positions = (await read.QueryAsync<(Guid Id, string Code)>("SELECT id, code FROM org.position_v WHERE active")).ToList();
        var staff = (await read.QueryAsync<(Guid Id, string PositionCode, bool DemoWelder)>(
            """
            SELECT e.id, p.code, EXISTS (SELECT 1 FROM auth.app_user u WHERE u.employee_id = e.id AND u.user_name = 'employee')
            FROM org.employee_v e JOIN org.position_v p ON p.id = e.position_id WHERE e.status <> 'exited' ORDER BY e.employee_no
            """)).ToList();
        var station = await read.QueryFirstOrDefaultAsync<Guid?>("SELECT id FROM org.org_unit_v WHERE code = 'P1-WELD-W1'");
        if (station is null || !documents.TryGetValue("WI-WELD-01", out var wi) || !documents.TryGetValue("SOP-SAFE-01", out var safety))
        {
            return;
        }

        foreach (var position in positions)
        {
            db.Add(Requirement(position.Id, null, RequirementKind.Training, null, null, safety.Id, 12, now));
            if (position.Code.Contains("WELD", StringComparison.Ordinal))
            {
                db.Add(Requirement(position.Id, null, RequirementKind.Training, null, null, wi.Id, null, now));
                db.Add(Requirement(position.Id, null, RequirementKind.Skill, tig.Id, 2, null, null, now));
            }
        }

        var operation = new Operation { Id = Guid.CreateVersion7(now), Code = "W1-STATION", Name = "W1 焊接工位", OrgUnitId = station.Value };
        db.Add(operation);
        db.Add(Requirement(null, operation.Id, RequirementKind.Skill, tig.Id, 3, null, null, now));
        db.Add(Requirement(null, operation.Id, RequirementKind.Training, null, null, wi.Id, null, now));

        // W2 and the assembly line work stations, with the welders and assemblers who work them (the quality demo's operators).
        var stations = (await read.QueryAsync<(string Code, Guid Id)>("SELECT code, id FROM org.org_unit_v WHERE code IN ('P1-WELD-W2', 'P1-ASSY')")).ToDictionary(u => u.Code, u => u.Id);
        var operations = new Dictionary<string, Guid> { ["P1-WELD-W1"] = operation.Id };
        if (stations.TryGetValue("P1-WELD-W2", out var w2))
        {
            var w2Station = new Operation { Id = Guid.CreateVersion7(now), Code = "W2-STATION", Name = "W2 焊接工位", OrgUnitId = w2 };
            db.Add(w2Station);
            db.Add(Requirement(null, w2Station.Id, RequirementKind.Training, null, null, wi.Id, null, now));
            operations["P1-WELD-W2"] = w2Station.Id;
        }

        if (stations.TryGetValue("P1-ASSY", out var assy))
        {
            var assyStation = new Operation { Id = Guid.CreateVersion7(now), Code = "ASSY-STATION", Name = "总装工位", OrgUnitId = assy };
            db.Add(assyStation);
            db.Add(Requirement(null, assyStation.Id, RequirementKind.Training, null, null, safety.Id, 12, now));
        }

        var crews = await read.QueryAsync<(Guid Id, string Unit)>(
            """
            SELECT e.id, u.code FROM org.employee_v e JOIN org.org_unit_v u ON u.id = e.org_unit_id JOIN org.position_v p ON p.id = e.position_id
            WHERE e.status = 'active' AND u.code IN ('P1-WELD-W1', 'P1-WELD-W2') AND p.code LIKE '%WELDER'
            """);
        db.AddRange(crews.Where(c => operations.ContainsKey(c.Unit)).Select(c => new OperationAssignment
        {
            Id = Guid.CreateVersion7(now), EmployeeId = c.Id, OperationId = operations[c.Unit], AssignedAt = now,
        }));

        var versions = await read.QueryAsync<(Guid Id, string Code, int Major)>(
            "SELECT v.id, d.code, v.major FROM standards.document_version_v v JOIN standards.document_v d ON d.id = v.document_id");
        var safetyV1 = versions.First(v => v.Code == "SOP-SAFE-01").Id;
        var wiV1 = versions.First(v => v.Code == "WI-WELD-01" && v.Major == 1).Id;
        var wiV2 = versions.First(v => v.Code == "WI-WELD-01" && v.Major == 2).Id;
        foreach (var (employee, positionCode, demoWelder) in staff)
        {
            // The demo welder's safety training, a year valid, runs out in three weeks: their home page shows it expiring.
            if (random.NextDouble() < 0.9 || demoWelder)
            {
                var daysAgo = random.Next(5, 400);
                db.Add(Completion(employee, safetyV1, today.AddDays(demoWelder ? -(365 - 21) : -daysAgo), now));
            }

            if (!positionCode.Contains("WELD", StringComparison.Ordinal))
            {
                continue;
            }

            // The demo welder's story: trained on v1, due to learn v2 online (the learning module's demo course).
            var roll = demoWelder ? 0.8 : random.NextDouble();
            if (roll < 0.7)
            {
                db.Add(Completion(employee, wiV2, today.AddDays(-random.Next(5, 50)), now));
            }
            else if (roll < 0.9)
            {
                db.Add(Completion(employee, wiV1, today.AddDays(-random.Next(100, 300)), now));
            }

            var assessedOn = today.AddDays(-random.Next(10, 200));
            db.Add(new SkillAssessment
            {
                Id = Guid.CreateVersion7(now), EmployeeId = employee, SkillId = tig.Id, Level = random.Next(1, 5), Method = "practical",
                Assessor = "demo-seed", AssessedOn = assessedOn, RecordedAt = Start(assessedOn),
            });
        }

        var changed = await SaveAndRefreshAsync(services, db, now, cancellationToken);
        logger.LogInformation("Demo competence data seeded: {Statuses} qualification statuses", changed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Saves the demo's records, works out everyone's standing and backdates its history, in one transaction.</summary>
    internal static async Task<int> SaveAndRefreshAsync(IServiceProvider services, CompetenceDb db, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.BeginAsync(ct);
        await db.SaveChangesAsync(ct);
        var changed = await services.GetRequiredService<QualificationEngine>().RefreshAsync(null, null, ct);
        await BackdateHistoryAsync(db, now, ct);
        await tx.CommitAsync(ct);
        return changed;
    }

    /// <summary>
    /// The demo plant has been tracked for a year (the cockpit's coverage trend and the coverage KPI's past months read the
    /// history): each pair was untrained when its requirement came in, and those in order now got there on a day of the last
    /// eight months.
    /// </summary>
    private static async Task BackdateHistoryAsync(CompetenceDb db, DateTimeOffset now, CancellationToken ct)
    {
        var (connection, transaction) = await db.SqlAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE competence.qualification_history h
            SET changed_at = CASE WHEN h.status IN ('qualified', 'expiring')
                                  THEN @now - (abs(hashtext(h.employee_id::text || h.requirement_id::text)) % 240) * interval '1 day'
                                  ELSE r.created_at END
            FROM competence.requirement r WHERE r.id = h.requirement_id;
            INSERT INTO competence.qualification_history (employee_id, requirement_id, status, changed_at)
            SELECT h.employee_id, h.requirement_id, 'not_trained', r.created_at
            FROM competence.qualification_history h JOIN competence.requirement r ON r.id = h.requirement_id
            WHERE h.status IN ('qualified', 'expiring') AND h.changed_at > r.created_at;
            """, new { now }, transaction, cancellationToken: ct));
    }

    internal static Requirement Requirement(Guid? position, Guid? operation, string kind, Guid? skill, int? level, Guid? document, int? validity, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), PositionId = position, OperationId = operation, Kind = kind, SkillId = skill, MinLevel = level,
        DocumentId = document, ValidityMonths = validity, CreatedAt = now.AddYears(-1),
    };

    internal static Completion Completion(Guid employee, Guid version, DateOnly on, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), EmployeeId = employee, DocumentVersionId = version, CompletedOn = on, Evidence = "演示数据", RecordedAt = Start(on), RecordedBy = "demo-seed",
    };

    // The demo's history is recorded when it happened, so a trace of an earlier day sees what was known then.
    internal static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
