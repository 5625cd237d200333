using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Organization.Demo;

/// <summary>
/// Run by the <c>seed-demo</c> command (see ModuleCatalog.AddDemo): fills an empty database with a deterministic demo
/// plant: the 星辰精密制造集团 org tree, positions, shift groups, about 300 employees with their lifecycle
/// events, one login per role and an API key written to &lt;data folder&gt;/demo-api-key.txt.
/// </summary>
internal sealed class DemoSeeder(
    IServiceScopeFactory scopes,
    DatabaseRuntime runtime,
    TimeProvider clock,
    ILogger<DemoSeeder> logger) : IHostedService
{
    private const int Seed = 20261121;
    internal const string Actor = "demo-seed";
    private const string DemoPassword = "Skillgate#2026";
    private const string AdminUserName = "admin";
    private const string RootCode = "SG";
    private const string ApiKeyFileName = "demo-api-key.txt";

    private static readonly (string Code, string Name, string Pattern)[] ShiftPlans =
    [
        ("SHIFT-A", "甲班", "三班倒 08:00-16:00"),
        ("SHIFT-B", "乙班", "三班倒 16:00-24:00"),
        ("SHIFT-C", "丙班", "三班倒 00:00-08:00"),
        ("SHIFT-D", "常日班", "常日班 08:30-17:30"),
    ];

    private static readonly Post PlantManager = new("PM", "生产经理");

    private static readonly HireWindow Founders = new(new DateOnly(2012, 1, 1), new DateOnly(2014, 12, 31));
    private static readonly HireWindow Seniors = new(new DateOnly(2012, 1, 1), new DateOnly(2017, 12, 31));
    private static readonly HireWindow Experienced = new(new DateOnly(2012, 1, 1), new DateOnly(2020, 12, 31));
    private static readonly HireWindow Anytime = new(new DateOnly(2012, 1, 1), new DateOnly(2026, 10, 31));

    private static readonly PlantPlan[] Plants =
    [
        new("P1", "苏州工厂",
            [
                Welding(("W1", "W1 焊接线"), ("W2", "W2 焊接线"), ("T1", "焊接一班")),
                Assembly(("T1", "总装一班"), ("T2", "总装二班"), ("T3", "总装三班")),
                Painting(("T1", "涂装一班"), ("T2", "涂装二班")),
                QaLab(2, ("T1", "来料检验组"), ("T2", "过程检验组"), ("T3", "成品检验组")),
            ],
            [HrOffice(trainers: 2, clerks: 3), SalesOffice(reps: 7)]),
        new("P2", "东莞工厂",
            [
                Welding(("T1", "焊接一班"), ("T2", "焊接二班")),
                Assembly(("T1", "总装一班"), ("T2", "总装二班")),
                Painting(("T1", "涂装一班"), ("T2", "涂装二班")),
                QaLab(1, ("T1", "来料检验组"), ("T2", "成品检验组")),
            ],
            [HrOffice(trainers: 1, clerks: 2)]),
    ];

    /// <summary>One login per role; each is linked to the first employee hired into its position, who gets the fixed name.</summary>
    private static readonly LoginPlan[] Logins =
    [
        new("hr", Roles.HR, "人事", "P1-HR-TRAINER", "王芳", ScopeAll: true, []),
        new("qa", Roles.QA, "质量", "P1-QALAB-QE", "李静", ScopeAll: true, []),
        new("production", Roles.ProductionManager, "生产", "P1-PM", "陈刚", ScopeAll: false, ["P1"]),
        new("weldhead", Roles.DepartmentHead, "部门负责人", "P1-WELD-HEAD", "刘洋", ScopeAll: false, ["P1-WELD"]),
        new("instructor", Roles.Instructor, "讲师", "P1-WELD-LEADER", "张强", ScopeAll: true, []),
        new("employee", Roles.Employee, "员工", "P1-WELD-WELDER", "赵磊", ScopeAll: false, []),
        new("sales", Roles.Sales, "销售", "P1-SALES-REP", "周敏", ScopeAll: false, ["P1-SALES"]),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<AuditActor>().ActAs(null, Actor);
        var db = services.GetRequiredService<OrganizationDb>();
        var now = clock.GetUtcNow();
        var rootCode = RootCode.ToLowerInvariant();
        if (!await db.Set<OrgUnit>().AnyAsync(u => u.Code.ToLower() == rootCode, cancellationToken))
        {
            await SeedAsync(db, services.GetRequiredService<AccountService>(), now, cancellationToken);
        }

        await EnsureApiKeyAsync(db, runtime.DataPath, "Demo MES integration", logger, now, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Inserts the demo data in one transaction. The model maps no relationships between these tables, so
    /// EF cannot order the inserts by foreign key; each save writes one layer whose references already exist.
    /// </summary>
    private async Task SeedAsync(OrganizationDb db, AccountService accounts, DateTimeOffset now, CancellationToken ct)
    {
        var tree = BuildOrgTree(now);
        var positions = BuildPositions(tree, now);
        var shifts = await BuildShiftGroupsAsync(db, ShiftPlans, now, ct);
        var staff = BuildEmployees(tree, positions, shifts, now);
        var taken = (await db.Set<AppUser>().Select(u => u.UserName.ToLower()).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var users = BuildUsers(Logins, tree, positions, staff, accounts, taken, now);
        await WriteAsync(db, accounts, tree, positions, shifts, staff, users, ct);
        logger.LogInformation("Demo data seeded: {Units} org units, {Employees} employees", tree.ByCode.Count, staff.Employees.Count);
    }

    /// <summary>Writes a built demo organisation in one transaction and gives the administrator the demo password.</summary>
    internal static async Task WriteAsync(
        OrganizationDb db, AccountService accounts, DemoOrgTree tree, Dictionary<string, Position> positions, List<ShiftGroup> shifts,
        DemoStaff staff, List<AppUser> users, CancellationToken ct)
    {
        var admin = await db.Set<AppUser>().FirstOrDefaultAsync(u => u.UserName.ToLower() == AdminUserName, ct);

        await using var transaction = await db.BeginAsync(ct);
        foreach (var level in tree.Levels)
        {
            await InsertAsync(db, level, ct);
        }

        await InsertAsync(db, positions.Values.ToList(), ct);
        await InsertAsync(db, shifts.Where(s => db.Entry(s).State == EntityState.Detached).ToList(), ct);
        foreach (var level in staff.ByManagementLevel())
        {
            await InsertAsync(db, level, ct);
        }

        await InsertAsync(db, staff.Events, ct);
        if (admin is not null)
        {
            accounts.SetPassword(admin, DemoPassword, mustChange: false);
        }

        await InsertAsync(db, users, ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task InsertAsync<T>(OrganizationDb db, List<T> rows, CancellationToken ct)
        where T : class
    {
        db.Set<T>().AddRange(rows);
        await db.SaveChangesAsync(ct);
    }

    private static DemoOrgTree BuildOrgTree(DateTimeOffset now)
    {
        var tree = new DemoOrgTree(now);
        var group = tree.Add(RootCode, "星辰精密制造集团", "group", ["management"], null);
        foreach (var plant in Plants)
        {
            var plantUnit = tree.Add(plant.Code, plant.Name, "plant", ["production"], group);
            foreach (var shop in plant.Workshops)
            {
                var shopUnit = tree.Add(Code(plant.Code, shop.Key), shop.Name, "workshop", shop.Functions, plantUnit);
                foreach (var (key, name) in shop.Teams)
                {
                    tree.Add(Code(shopUnit.Code, key), name, "team", shop.Functions, shopUnit);
                }
            }

            foreach (var office in plant.Offices)
            {
                tree.Add(Code(plant.Code, office.Key), office.Name, "office", office.Functions, plantUnit);
            }
        }

        return tree;
    }

    private static Dictionary<string, Position> BuildPositions(DemoOrgTree tree, DateTimeOffset now)
    {
        var positions = new Dictionary<string, Position>(StringComparer.Ordinal);
        foreach (var plant in Plants)
        {
            Add(tree.ByCode[plant.Code], PlantManager);
            foreach (var shop in plant.Workshops)
            {
                var unit = tree.ByCode[Code(plant.Code, shop.Key)];
                Add(unit, shop.Head);
                Add(unit, shop.Leader);
                Add(unit, shop.Worker);
                if (shop.Specialist is { } specialist)
                {
                    Add(unit, specialist);
                }
            }

            foreach (var office in plant.Offices)
            {
                var unit = tree.ByCode[Code(plant.Code, office.Key)];
                Add(unit, office.Head);
                foreach (var (post, _) in office.Roster)
                {
                    Add(unit, post);
                }
            }
        }

        return positions;

        void Add(OrgUnit unit, Post post)
        {
            var code = Code(unit.Code, post.Key);
            positions.Add(code, new Position { Id = Guid.CreateVersion7(now), Code = code, Name = post.Title, OrgUnitId = unit.Id });
        }
    }

    /// <summary>The company-wide shift groups in the plans' order (A, B, C, day); ones that already exist are reused.</summary>
    internal static async Task<List<ShiftGroup>> BuildShiftGroupsAsync(
        OrganizationDb db, (string Code, string Name, string Pattern)[] plans, DateTimeOffset now, CancellationToken ct)
    {
        var existing = await db.Set<ShiftGroup>().ToListAsync(ct);
        return
        [
            .. plans.Select(plan =>
                existing.Find(s => string.Equals(s.Code, plan.Code, StringComparison.OrdinalIgnoreCase))
                ?? new ShiftGroup { Id = Guid.CreateVersion7(now), Code = plan.Code, Name = plan.Name, Pattern = plan.Pattern, OrgUnitId = null }),
        ];
    }

    private static DemoStaff BuildEmployees(DemoOrgTree tree, Dictionary<string, Position> positions, List<ShiftGroup> shifts, DateTimeOffset now)
    {
        var staff = new DemoStaff(new Random(Seed), now, Logins.ToDictionary(l => l.PositionCode, l => l.EmployeeName, StringComparer.Ordinal), "班组调整");
        var dayShift = shifts[^1];
        foreach (var plant in Plants)
        {
            var plantUnit = tree.ByCode[plant.Code];
            var manager = staff.Hire(plantUnit, positions[Code(plant.Code, PlantManager.Key)], null, dayShift, Founders);
            foreach (var shop in plant.Workshops)
            {
                StaffWorkshop(staff, tree, positions, shifts, shop, tree.ByCode[Code(plant.Code, shop.Key)], manager);
            }

            foreach (var office in plant.Offices)
            {
                StaffOffice(staff, positions, dayShift, office, tree.ByCode[Code(plant.Code, office.Key)]);
            }
        }

        return staff;
    }

    /// <summary>A head for the workshop, a leader per team who manages its members, and the workshop's specialists.</summary>
    private static void StaffWorkshop(
        DemoStaff staff, DemoOrgTree tree, Dictionary<string, Position> positions, List<ShiftGroup> shifts, WorkshopPlan shop, OrgUnit shopUnit, Employee plantManager)
    {
        var dayShift = shifts[^1];
        var head = staff.Hire(shopUnit, positions[Code(shopUnit.Code, shop.Head.Key)], plantManager, dayShift, Seniors);
        var leaderPosition = positions[Code(shopUnit.Code, shop.Leader.Key)];
        var workerPosition = positions[Code(shopUnit.Code, shop.Worker.Key)];
        var teams = shop.Teams.Select(t => tree.ByCode[Code(shopUnit.Code, t.Key)]).ToList();
        for (var i = 0; i < teams.Count; i++)
        {
            var team = teams[i];
            var shift = shifts[i % 3];
            var leader = staff.Hire(team, leaderPosition, head, shift, Experienced);
            var members = staff.Next(shop.MinMembers, shop.MaxMembers + 1);
            for (var k = 0; k < members; k++)
            {
                var formerTeam = teams.Count > 1 && staff.Chance(12) ? teams[(i + 1 + staff.Next(0, teams.Count - 1)) % teams.Count] : null;
                var member = staff.Hire(team, workerPosition, leader, shift, Anytime, formerTeam);
                staff.AddHistory(member, formerTeam);
            }
        }

        if (shop.Specialist is { } specialist)
        {
            var position = positions[Code(shopUnit.Code, specialist.Key)];
            for (var k = 0; k < shop.Specialists; k++)
            {
                staff.Hire(shopUnit, position, head, dayShift, Anytime);
            }
        }
    }

    private static void StaffOffice(DemoStaff staff, Dictionary<string, Position> positions, ShiftGroup dayShift, OfficePlan office, OrgUnit officeUnit)
    {
        var head = staff.Hire(officeUnit, positions[Code(officeUnit.Code, office.Head.Key)], null, dayShift, Seniors);
        foreach (var (post, count) in office.Roster)
        {
            var position = positions[Code(officeUnit.Code, post.Key)];
            for (var k = 0; k < count; k++)
            {
                staff.Hire(officeUnit, position, head, dayShift, Anytime);
            }
        }
    }

    internal static List<AppUser> BuildUsers(
        IEnumerable<LoginPlan> logins, DemoOrgTree tree, Dictionary<string, Position> positions, DemoStaff staff, AccountService accounts, HashSet<string> takenUserNames, DateTimeOffset now)
    {
        var users = new List<AppUser>();
        foreach (var login in logins)
        {
            if (takenUserNames.Contains(login.UserName))
            {
                continue;
            }

            var employee = staff.Named[login.PositionCode];
            var user = new AppUser
            {
                Id = Guid.CreateVersion7(now),
                UserName = login.UserName,
                DisplayName = $"{login.Label} {positions[login.PositionCode].Name} {employee.Name}",
                Roles = [login.Role],
                EmployeeId = employee.Id,
                ScopeAll = login.ScopeAll,
                Language = "zh-CN",
                SecurityStamp = Guid.NewGuid(),
                CreatedAt = now,
            };
            foreach (var code in login.ScopeUnits)
            {
                user.Scopes.Add(new UserScope { UserId = user.Id, OrgUnitId = tree.ByCode[code].Id });
            }

            accounts.SetPassword(user, DemoPassword, mustChange: false);
            users.Add(user);
        }

        return users;
    }

    /// <summary>Creates an all-scopes API key owned by the administrator unless its secret file already exists.</summary>
    internal static async Task EnsureApiKeyAsync(
        OrganizationDb db, string dataPath, string name, ILogger logger, DateTimeOffset now, CancellationToken ct)
    {
        var file = Path.Combine(dataPath, ApiKeyFileName);
        if (File.Exists(file))
        {
            return;
        }

        var admin = await db.Set<AppUser>().AsNoTracking().FirstOrDefaultAsync(u => u.UserName.ToLower() == AdminUserName, ct);
        if (admin is null)
        {
            logger.LogWarning("No administrator '{UserName}' to own the demo API key; none was created", AdminUserName);
            return;
        }

        var (secret, prefix) = ApiKeySecret.Generate();
        db.Add(new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            Prefix = prefix,
            KeyHash = ApiKeySecret.Hash(secret),
            Scopes = [.. Permissions.ApiScopes],
            OrgUnitId = null,
            CreatedBy = admin.Id,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        Directory.CreateDirectory(dataPath);
        await File.WriteAllTextAsync(file, secret, ct);
        logger.LogInformation("Demo API key written to {File}", file);
    }

    private static string Code(string parentCode, string key) => parentCode + "-" + key;

    private static WorkshopPlan Welding(params (string Key, string Name)[] teams) =>
        new("WELD", "焊接车间", ["production"], new("HEAD", "车间主任"), new("LEADER", "焊接班长"), new("WELDER", "焊工"), null, 0, 14, 19, teams);

    private static WorkshopPlan Assembly(params (string Key, string Name)[] teams) =>
        new("ASSY", "总装车间", ["production"], new("HEAD", "车间主任"), new("LEADER", "装配班长"), new("ASSEMBLER", "装配工"), null, 0, 15, 20, teams);

    private static WorkshopPlan Painting(params (string Key, string Name)[] teams) =>
        new("PAINT", "涂装车间", ["production"], new("HEAD", "车间主任"), new("LEADER", "涂装班长"), new("PAINTER", "喷涂工"), null, 0, 10, 14, teams);

    private static WorkshopPlan QaLab(int engineers, params (string Key, string Name)[] teams) =>
        new("QALAB", "质检实验室", ["qa", "quality_control"], new("HEAD", "实验室主任"), new("LEADER", "质检组长"), new("INSPECTOR", "质检员"),
            new("QE", "质量工程师"), engineers, 4, 6, teams);

    private static OfficePlan HrOffice(int trainers, int clerks) =>
        new("HR", "人力资源部", ["hr"], new("HEAD", "人力资源经理"), [(new Post("TRAINER", "培训专员"), trainers), (new Post("CLERK", "人事专员"), clerks)]);

    private static OfficePlan SalesOffice(int reps) =>
        new("SALES", "销售部", ["sales"], new("HEAD", "销售经理"), [(new Post("REP", "销售代表"), reps)]);

    private sealed record Post(string Key, string Title);

    private sealed record WorkshopPlan(
        string Key,
        string Name,
        string[] Functions,
        Post Head,
        Post Leader,
        Post Worker,
        Post? Specialist,
        int Specialists,
        int MinMembers,
        int MaxMembers,
        (string Key, string Name)[] Teams);

    private sealed record OfficePlan(string Key, string Name, string[] Functions, Post Head, (Post Post, int Count)[] Roster);

    private sealed record PlantPlan(string Code, string Name, WorkshopPlan[] Workshops, OfficePlan[] Offices);

    internal sealed record LoginPlan(
        string UserName, string Role, string Label, string PositionCode, string EmployeeName, bool ScopeAll, string[] ScopeUnits);
}
