using System.Globalization;
using Skillgate.Modules.Organization.Domain;

namespace Skillgate.Modules.Organization.Demo;

/// <summary>The names the demo staff are drawn from (plant and hospital alike).</summary>
internal static class DemoNames
{
    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
    ];

    public static readonly string[] GivenNames =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "华", "平", "刚",
        "桂英", "娟", "霞", "鹏", "辉", "玲", "斌", "宇", "浩", "凯", "晨", "欣", "婷", "雪", "建华", "建国", "志强", "海燕",
        "晓东", "文", "俊", "红", "波", "丹", "鑫", "琳", "亮", "飞", "鹏飞", "子涵", "思远", "国庆", "春梅", "晓明", "丽华",
        "永刚", "玉兰", "建军", "志明", "秀兰", "海涛", "金凤", "雨欣", "浩然", "佳怡",
    ];

    public static readonly string[] LeaveNotes = ["病假", "产假", "事假"];

    public static readonly string[] ExitNotes = ["个人原因离职", "合同到期未续签"];
}

/// <summary>The window a demo hire's start date is drawn from.</summary>
internal sealed record HireWindow(DateOnly From, DateOnly To);

/// <summary>The org units being built, by code and by depth (parents before children).</summary>
internal sealed class DemoOrgTree(DateTimeOffset now)
{
    private readonly Dictionary<Guid, int> _depth = [];
    private readonly Dictionary<Guid, int> _children = [];

    public Dictionary<string, OrgUnit> ByCode { get; } = new(StringComparer.Ordinal);

    public List<List<OrgUnit>> Levels { get; } = [];

    public OrgUnit Add(string code, string name, string unitType, string[] functions, OrgUnit? parent)
    {
        var id = Guid.CreateVersion7(now);
        var siblings = parent?.Id ?? Guid.Empty;
        var sort = _children.GetValueOrDefault(siblings) + 1;
        _children[siblings] = sort;
        var unit = new OrgUnit
        {
            Id = id,
            Code = code,
            Name = name,
            UnitType = unitType,
            ParentId = parent?.Id,
            Path = OrgUnit.PathOf(parent?.Path, id),
            Functions = [.. functions],
            Sort = sort * 10,
        };
        var depth = parent is null ? 0 : _depth[parent.Id] + 1;
        _depth[id] = depth;
        if (Levels.Count == depth)
        {
            Levels.Add([]);
        }

        Levels[depth].Add(unit);
        ByCode.Add(code, unit);
        return unit;
    }
}

/// <summary>Hires the demo employees with the seeded random source and records their lifecycle events.</summary>
internal sealed class DemoStaff
{
    private readonly Random _rng;
    private readonly DateTimeOffset _now;
    private readonly DateOnly _today;
    private readonly Dictionary<string, string> _fixedNames;
    private readonly HashSet<string> _usedNames;
    private readonly string _transferNote;
    private readonly Dictionary<Guid, int> _level = [];
    private int _nextNumber = 10001;

    public DemoStaff(Random rng, DateTimeOffset now, IReadOnlyDictionary<string, string> fixedNames, string transferNote)
    {
        _rng = rng;
        _now = now;
        _today = DateOnly.FromDateTime(now.UtcDateTime);
        _fixedNames = new Dictionary<string, string>(fixedNames, StringComparer.Ordinal);
        _transferNote = transferNote;
        _usedNames = new HashSet<string>(_fixedNames.Values, StringComparer.Ordinal);
    }

    public List<Employee> Employees { get; } = [];

    public List<EmployeeEvent> Events { get; } = [];

    /// <summary>The employees the demo logins link to, by position code.</summary>
    public Dictionary<string, Employee> Named { get; } = new(StringComparer.Ordinal);

    public int Next(int minValue, int maxValue) => _rng.Next(minValue, maxValue);

    public bool Chance(int percent) => _rng.Next(100) < percent;

    public Employee Hire(OrgUnit unit, Position position, Employee? manager, ShiftGroup shift, HireWindow window, OrgUnit? hiredInto = null)
    {
        var digits = _nextNumber.ToString("D5", CultureInfo.InvariantCulture);
        _nextNumber++;
        var fixedName = _fixedNames.Remove(position.Code, out var reserved) ? reserved : null;
        var employee = new Employee
        {
            Id = Guid.CreateVersion7(_now),
            EmployeeNo = "E" + digits,
            Name = fixedName ?? NewName(),
            Phone = "138" + _rng.Next(100_000_000).ToString("D8", CultureInfo.InvariantCulture),
            Email = _rng.Next(10) < 7 ? "e" + digits + "@demo.skillgate.local" : null,
            OrgUnitId = unit.Id,
            PositionId = position.Id,
            ManagerId = manager?.Id,
            ShiftGroupId = shift.Id,
            HireDate = DateBetween(window.From, window.To),
            Status = EmployeeStatus.Active,
        };
        if (fixedName is not null)
        {
            Named.Add(position.Code, employee);
        }

        _level[employee.Id] = manager is null ? 0 : _level[manager.Id] + 1;
        Employees.Add(employee);
        Events.Add(NewEvent(employee, EmployeeEventKind.Hire, employee.HireDate, null, (hiredInto ?? unit).Id, null, position.Id, null));
        return employee;
    }

    /// <summary>A transfer from the team first joined, and for a few an ongoing leave or an exit.</summary>
    public void AddHistory(Employee member, OrgUnit? formerTeam)
    {
        var since = member.HireDate;
        if (formerTeam is not null)
        {
            since = DateBetween(member.HireDate.AddDays(30), _today);
            Events.Add(NewEvent(member, EmployeeEventKind.Transfer, since, formerTeam.Id, member.OrgUnitId, member.PositionId, member.PositionId, _transferNote));
        }

        if (Named.ContainsValue(member))
        {
            return;
        }

        var roll = _rng.Next(100);
        if (roll < 4)
        {
            var recent = _today.AddDays(-365);
            member.Status = EmployeeStatus.OnLeave;
            var on = DateBetween(since > recent ? since : recent, _today);
            Events.Add(NewEvent(member, EmployeeEventKind.Leave, on, member.OrgUnitId, member.OrgUnitId, member.PositionId, member.PositionId, Pick(DemoNames.LeaveNotes)));
        }
        else if (roll < 8)
        {
            member.Status = EmployeeStatus.Exited;
            var on = DateBetween(since, _today);
            Events.Add(NewEvent(member, EmployeeEventKind.Exit, on, member.OrgUnitId, member.OrgUnitId, member.PositionId, member.PositionId, Pick(DemoNames.ExitNotes)));
        }
    }

    /// <summary>Employees grouped so that every manager is in an earlier group than the people they manage.</summary>
    public List<List<Employee>> ByManagementLevel() =>
        [.. Employees.GroupBy(e => _level[e.Id]).OrderBy(g => g.Key).Select(g => g.ToList())];

    private string NewName()
    {
        while (true)
        {
            var name = Pick(DemoNames.Surnames) + Pick(DemoNames.GivenNames);
            if (_usedNames.Add(name))
            {
                return name;
            }
        }
    }

    private string Pick(string[] values) => values[_rng.Next(values.Length)];

    /// <summary>A day in [from, to], never after today.</summary>
    private DateOnly DateBetween(DateOnly from, DateOnly to)
    {
        var last = to > _today ? _today : to;
        var first = from > last ? last : from;
        return first.AddDays(_rng.Next(last.DayNumber - first.DayNumber + 1));
    }

    private EmployeeEvent NewEvent(
        Employee employee, string kind, DateOnly on, Guid? fromUnit, Guid? toUnit, Guid? fromPosition, Guid? toPosition, string? note) =>
        EmployeeEvent.Record(employee.Id, kind, on, (fromUnit, toUnit), (fromPosition, toPosition), note, _now, DemoSeeder.Actor);
}
