using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Modules.Organization.Sector;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using static Skillgate.Modules.Organization.Demo.DemoSeeder;

namespace Skillgate.Modules.Organization.Demo;

/// <summary>
/// Run by <c>seed-demo hospital</c>: switches the organisation to the hospital's words first (so every text the later
/// seeders store reads like a hospital), then fills an empty database with 某市第一人民医院 — clinical departments with their
/// wards and operating theatre, nursing, the quality-control office and HR, about 130 staff, one login per role and an API key.
/// </summary>
internal sealed class HospitalDemoSeeder(
    IServiceScopeFactory scopes,
    DatabaseRuntime runtime,
    TimeProvider clock,
    ILogger<HospitalDemoSeeder> logger) : IHostedService
{
    private const int Seed = 20261207;
    public const string RootCode = "HOSP";

    private static readonly (string Code, string Name, string Pattern)[] ShiftPlans =
    [
        ("SHIFT-A", "白班", "三班倒 08:00-16:00"),
        ("SHIFT-B", "小夜班", "三班倒 16:00-24:00"),
        ("SHIFT-C", "大夜班", "三班倒 00:00-08:00"),
        ("SHIFT-D", "行政班", "行政班 08:00-17:30"),
    ];

    private static readonly HireWindow Seniors = new(new DateOnly(2008, 1, 1), new DateOnly(2016, 12, 31));
    private static readonly HireWindow Experienced = new(new DateOnly(2010, 1, 1), new DateOnly(2021, 12, 31));
    private static readonly HireWindow Anytime = new(new DateOnly(2012, 1, 1), new DateOnly(2026, 10, 31));

    private static readonly Department[] Departments =
    [
        new("SURG", "外科", [new("W1", "外科一病区（普外）", 14), new("W2", "外科二病区（骨科）", 12)], Attendings: 4, Residents: 5),
        new("MED", "内科", [new("W1", "内科一病区（心内）", 14), new("W2", "内科二病区（呼吸）", 13)], Attendings: 4, Residents: 4),
        new("ICU", "重症医学科（ICU）", [new("W1", "ICU 病区", 16)], Attendings: 3, Residents: 3),
    ];

    private static readonly Office[] Offices =
    [
        new("NURS", "护理部", ["management"], "护理部主任", [("EDUCATOR", "总带教老师", 2)]),
        new("QC", "医务部质控办", ["quality_control"], "质控办主任", [("OFFICER", "质控专员", 3)]),
        new("HR", "人事处", ["hr"], "人事处处长", [("TRAINER", "培训专员", 2), ("CLERK", "人事专员", 2)]),
    ];

    /// <summary>One login per role; each is linked to the first person hired into its post, who gets the fixed name.</summary>
    public static readonly LoginPlan[] Logins =
    [
        new("hr", Roles.HR, "人事", "HOSP-HR-TRAINER", "王芳", ScopeAll: true, []),
        new("qa", Roles.QA, "质控", "HOSP-QC-OFFICER", "李静", ScopeAll: true, []),
        new("qcdirector", Roles.QA, "质控", "HOSP-QC-HEAD", "吴敏", ScopeAll: true, []),
        new("chief", Roles.ProductionManager, "临床", "HOSP-SURG-CHIEF", "陈刚", ScopeAll: false, ["HOSP-SURG"]),
        new("headnurse", Roles.DepartmentHead, "病区", "HOSP-SURG-HEADNURSE", "刘洋", ScopeAll: false, ["HOSP-SURG-W1"]),
        new("instructor", Roles.Instructor, "讲师", "HOSP-NURS-EDUCATOR", "张丽", ScopeAll: true, []),
        new("employee", Roles.Employee, "员工", "HOSP-SURG-OR-NURSE", "赵敏", ScopeAll: false, []),
        new("nurse", Roles.Employee, "员工", "HOSP-SURG-NURSE", "周婷", ScopeAll: false, []),
        new("director", Roles.DepartmentHead, "院领导", "HOSP-VP", "孙伟", ScopeAll: false, ["HOSP"]),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<AuditActor>().ActAs(null, Actor);
        var db = services.GetRequiredService<OrganizationDb>();
        var now = clock.GetUtcNow();
        var rootCode = RootCode.ToLowerInvariant();
        if (await db.Set<OrgUnit>().AnyAsync(u => u.Code.ToLower() == rootCode, cancellationToken))
        {
            return;
        }

        if (await db.Set<OrgUnit>().AnyAsync(cancellationToken))
        {
            logger.LogWarning("The database already holds an organisation; the demo hospital is not added to it");
            return;
        }

        var sectors = services.GetRequiredService<SectorHandler>();
        var sector = await sectors.GetAsync(cancellationToken);
        await sectors.SetAsync(new SectorInput(SectorTerms.Hospital, null, sector.Version), cancellationToken);
        await SeedAsync(db, services.GetRequiredService<AccountService>(), now, cancellationToken);
        await EnsureApiKeyAsync(db, runtime.DataPath, "Demo HIS integration", logger, now, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync(OrganizationDb db, AccountService accounts, DateTimeOffset now, CancellationToken ct)
    {
        var tree = BuildOrgTree(now);
        var positions = BuildPositions(tree, now);
        var shifts = await BuildShiftGroupsAsync(db, ShiftPlans, now, ct);
        var staff = BuildStaff(tree, positions, shifts, now);
        var taken = (await db.Set<AppUser>().Select(u => u.UserName.ToLower()).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var users = BuildUsers(Logins, tree, positions, staff, accounts, taken, now);
        await WriteAsync(db, accounts, tree, positions, shifts, staff, users, ct);
        logger.LogInformation("Demo hospital seeded: {Units} units, {Staff} staff", tree.ByCode.Count, staff.Employees.Count);
    }

    private static DemoOrgTree BuildOrgTree(DateTimeOffset now)
    {
        var tree = new DemoOrgTree(now);
        var hospital = tree.Add(RootCode, "某市第一人民医院", "hospital", ["management"], null);
        foreach (var department in Departments)
        {
            var unit = tree.Add(Code(RootCode, department.Key), department.Name, "department", ["clinical"], hospital);
            foreach (var ward in department.Wards)
            {
                tree.Add(Code(unit.Code, ward.Key), ward.Name, "ward", ["clinical"], unit);
            }

            if (department.Key == "SURG")
            {
                tree.Add(Code(unit.Code, "OR"), "手术室", "ward", ["clinical"], unit);
            }
        }

        foreach (var office in Offices)
        {
            tree.Add(Code(RootCode, office.Key), office.Name, "office", office.Functions, hospital);
        }

        return tree;
    }

    private static Dictionary<string, Position> BuildPositions(DemoOrgTree tree, DateTimeOffset now)
    {
        var positions = new Dictionary<string, Position>(StringComparer.Ordinal);
        Add(tree.ByCode[RootCode], "VP", "业务副院长");
        foreach (var department in Departments)
        {
            var unit = tree.ByCode[Code(RootCode, department.Key)];
            Add(unit, "CHIEF", "科室主任");
            Add(unit, "ATTENDING", "主治医师");
            Add(unit, "RESIDENT", "住院医师");
            Add(unit, "HEADNURSE", "护士长");
            Add(unit, "NURSE", "护士");
        }

        Add(tree.ByCode["HOSP-SURG-OR"], "NURSE", "手术室护士");
        foreach (var office in Offices)
        {
            var unit = tree.ByCode[Code(RootCode, office.Key)];
            Add(unit, "HEAD", office.Head);
            foreach (var (key, title, _) in office.Roster)
            {
                Add(unit, key, title);
            }
        }

        return positions;

        void Add(OrgUnit unit, string key, string title)
        {
            var code = Code(unit.Code, key);
            positions.Add(code, new Position { Id = Guid.CreateVersion7(now), Code = code, Name = title, OrgUnitId = unit.Id });
        }
    }

    /// <summary>Doctors in their department under its chief; nurses in the wards under each ward's head nurse, on rotating shifts.</summary>
    private static DemoStaff BuildStaff(DemoOrgTree tree, Dictionary<string, Position> positions, List<ShiftGroup> shifts, DateTimeOffset now)
    {
        var fixedNames = Logins.ToDictionary(l => l.PositionCode, l => l.EmployeeName, StringComparer.Ordinal);
        var staff = new DemoStaff(new Random(Seed), now, fixedNames, "科室轮转");
        var dayShift = shifts[^1];
        var vp = staff.Hire(tree.ByCode[RootCode], positions["HOSP-VP"], null, dayShift, Seniors);
        foreach (var department in Departments)
        {
            var unit = tree.ByCode[Code(RootCode, department.Key)];
            var chief = staff.Hire(unit, positions[Code(unit.Code, "CHIEF")], vp, dayShift, Seniors);
            var wards = department.Wards.Select(w => (Unit: tree.ByCode[Code(unit.Code, w.Key)], w.Nurses)).ToList();
            for (var i = 0; i < wards.Count; i++)
            {
                var (ward, nurses) = wards[i];
                var head = staff.Hire(ward, positions[Code(unit.Code, "HEADNURSE")], chief, dayShift, Experienced);
                for (var k = 0; k < nurses; k++)
                {
                    var former = wards.Count > 1 && staff.Chance(10) ? wards[(i + 1) % wards.Count].Unit : null;
                    var nurse = staff.Hire(ward, positions[Code(unit.Code, "NURSE")], head, shifts[k % 3], Anytime, former);
                    staff.AddHistory(nurse, former);
                }
            }

            if (department.Key == "SURG")
            {
                var theatre = tree.ByCode["HOSP-SURG-OR"];
                var head = staff.Hire(theatre, positions["HOSP-SURG-HEADNURSE"], chief, dayShift, Experienced);
                for (var k = 0; k < 10; k++)
                {
                    staff.AddHistory(staff.Hire(theatre, positions["HOSP-SURG-OR-NURSE"], head, shifts[k % 3], Anytime), null);
                }
            }

            for (var k = 0; k < department.Attendings; k++)
            {
                staff.Hire(unit, positions[Code(unit.Code, "ATTENDING")], chief, dayShift, Experienced);
            }

            for (var k = 0; k < department.Residents; k++)
            {
                staff.AddHistory(staff.Hire(unit, positions[Code(unit.Code, "RESIDENT")], chief, shifts[k % 3], Anytime), null);
            }
        }

        foreach (var office in Offices)
        {
            var unit = tree.ByCode[Code(RootCode, office.Key)];
            var head = staff.Hire(unit, positions[Code(unit.Code, "HEAD")], vp, dayShift, Seniors);
            foreach (var (key, _, count) in office.Roster)
            {
                for (var k = 0; k < count; k++)
                {
                    staff.Hire(unit, positions[Code(unit.Code, key)], head, dayShift, Anytime);
                }
            }
        }

        return staff;
    }

    private static string Code(string parentCode, string key) => parentCode + "-" + key;

    private sealed record Ward(string Key, string Name, int Nurses);

    private sealed record Department(string Key, string Name, Ward[] Wards, int Attendings, int Residents);

    private sealed record Office(string Key, string Name, string[] Functions, string Head, (string Key, string Title, int Count)[] Roster);
}
