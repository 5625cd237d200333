using Skillgate.Platform.Contracts;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Employees;

/// <summary>
/// Employees: hiring, contact and reference data, search. Org unit, position and status change only through lifecycle events
/// (<see cref="EmployeeLifecycle"/>), so the history is appended and never overwritten.
/// </summary>
internal sealed partial class EmployeeHandler(OrganizationDb db, DataScope scope, CurrentUser user, AuditActor actor, IAssignmentGate gate, TimeProvider clock, Texts t)
{
    public const int MaxPageSize = 200;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Page<EmployeeDto>> SearchAsync(EmployeeQuery query, CancellationToken ct)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, query.Page);
        var filtered = await FilterAsync(query, ct);
        var total = await filtered.LongCountAsync(ct);
        var items = await Project(filtered.OrderBy(e => e.EmployeeNo).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(ct);
        return new Page<EmployeeDto>(items, total, page, pageSize);
    }

    /// <summary>Every employee matching the filter, for the Excel export.</summary>
    public async Task<IAsyncEnumerable<EmployeeDto>> StreamAsync(EmployeeQuery query, CancellationToken ct) =>
        Project((await FilterAsync(query, ct)).OrderBy(e => e.EmployeeNo)).AsAsyncEnumerable();

    public async Task<EmployeeDto> GetAsync(Guid id, CancellationToken ct)
    {
        await EnsureVisibleAsync(id, ct);
        return await Project(db.Set<Employee>().Where(e => e.Id == id)).SingleAsync(ct);
    }

    public async Task<IReadOnlyList<EmployeeEventDto>> HistoryAsync(Guid id, CancellationToken ct)
    {
        await EnsureVisibleAsync(id, ct);
        var units = db.Set<OrgUnit>();
        var positions = db.Set<Position>();
        return await db.Set<EmployeeEvent>().AsNoTracking()
            .Where(e => e.EmployeeId == id)
            .OrderByDescending(e => e.EffectiveOn).ThenByDescending(e => e.RecordedAt)
            .Select(e => new EmployeeEventDto(
                e.Id, e.Kind, e.EffectiveOn,
                e.FromOrgUnitId, units.Where(u => u.Id == e.FromOrgUnitId).Select(u => u.Name).FirstOrDefault(),
                e.ToOrgUnitId, units.Where(u => u.Id == e.ToOrgUnitId).Select(u => u.Name).FirstOrDefault(),
                e.FromPositionId, positions.Where(p => p.Id == e.FromPositionId).Select(p => p.Name).FirstOrDefault(),
                e.ToPositionId, positions.Where(p => p.Id == e.ToPositionId).Select(p => p.Name).FirstOrDefault(),
                e.Note, e.RecordedAt, e.RecordedBy))
            .ToListAsync(ct);
    }

    public async Task<EmployeeDto> CreateAsync(EmployeeCreate input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require("employeeNo", input.EmployeeNo, t["validation.required"]).MaxLength("employeeNo", input.EmployeeNo, 40, t["validation.max_length", 40]).Code("employeeNo", input.EmployeeNo, t["validation.code_characters"]);
        ValidateContact(v, input.Name, input.Phone, input.Email);
        var workerType = string.IsNullOrWhiteSpace(input.WorkerType) ? WorkerType.Employee : input.WorkerType.Trim();
        ValidateWorker(v, workerType, input.Company, input.IdNumber);
        if (!TextRules.IsSaneDate(input.HireDate, Today))
        {
            v.Add("hireDate", t["validation.date_not_before_1900_or_beyond_next_year"]);
        }

        var filter = await scope.GetAsync(ct);
        if (!filter.Covers(input.OrgUnitId) || !await db.Set<OrgUnit>().AnyAsync(u => u.Id == input.OrgUnitId && u.Active, ct))
        {
            v.Add("orgUnitId", t["org.unit.unknown"]);
        }

        await ValidateReferencesAsync(v, input.PositionId, input.ManagerId, input.ShiftGroupId, null, ct);
        v.ThrowIfInvalid();
        var number = input.EmployeeNo.Trim();
        if (await db.Set<Employee>().AnyAsync(e => e.EmployeeNo == number, ct))
        {
            throw new RuleViolationException("duplicate_employee_no", t["org.employee.duplicate_no", number]);
        }

        var id = Guid.CreateVersion7();
        if (input.PositionId is { } gated && await gate.RefusalForPositionAsync(id, gated, ct) is { } refusal)
        {
            throw new RuleViolationException("not_qualified", refusal.Message, refusal.Details);
        }

        var employee = new Employee
        {
            Id = id,
            EmployeeNo = number,
            Name = input.Name.Trim(),
            Phone = Clean(input.Phone),
            Email = Clean(input.Email),
            OrgUnitId = input.OrgUnitId,
            PositionId = input.PositionId,
            ManagerId = input.ManagerId,
            ShiftGroupId = input.ShiftGroupId,
            HireDate = input.HireDate,
            WorkerType = workerType,
            Company = Clean(input.Company),
            IdNumber = Clean(input.IdNumber)?.ToUpperInvariant(),
        };
        db.Add(employee);
        db.Add(NewEvent(employee.Id, EmployeeEventKind.Hire, input.HireDate, null, input.OrgUnitId, null, input.PositionId, null));
        await SaveWithPositionChangeAsync(employee.Id, input.PositionId is not null, ct);
        return await GetAsync(employee.Id, ct);
    }

    public async Task<EmployeeDto> UpdateAsync(Guid id, EmployeeUpdate input, CancellationToken ct)
    {
        var employee = await LoadVisibleAsync(id, ct);
        var v = new Validation();
        ValidateContact(v, input.Name, input.Phone, input.Email);
        ValidateWorker(v, employee.WorkerType, input.Company ?? employee.Company, input.IdNumber ?? employee.IdNumber);
        await ValidateReferencesAsync(v, null, input.ManagerId, input.ShiftGroupId, id, ct);
        v.ThrowIfInvalid();
        db.Entry(employee).Property(e => e.Version).OriginalValue = input.Version;
        employee.Name = input.Name.Trim();
        employee.Phone = Clean(input.Phone);
        employee.Email = Clean(input.Email);
        employee.ManagerId = input.ManagerId;
        employee.ShiftGroupId = input.ShiftGroupId;
        employee.Company = input.Company is null ? employee.Company : Clean(input.Company);
        employee.IdNumber = input.IdNumber is null ? employee.IdNumber : Clean(input.IdNumber)?.ToUpperInvariant();
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Saves, and when the post changed lets the qualification statuses follow in the same transaction.</summary>
    public async Task SaveWithPositionChangeAsync(Guid employeeId, bool postChanged, CancellationToken ct)
    {
        if (!postChanged)
        {
            await db.SaveChangesAsync(ct);
            return;
        }

        await using var tx = await db.BeginAsync(ct);
        await db.SaveChangesAsync(ct);
        await gate.PositionsChangedAsync([employeeId], ct);
        await tx.CommitAsync(ct);
    }

    public EmployeeEvent NewEvent(Guid employeeId, string kind, DateOnly on, Guid? fromUnit, Guid? toUnit, Guid? fromPos, Guid? toPos, string? note) =>
        EmployeeEvent.Record(employeeId, kind, on, (fromUnit, toUnit), (fromPos, toPos), note, clock.GetUtcNow(), actor.Current.Name);

    /// <summary>404 unless the employee lies in the caller's data scope or is the caller.</summary>
    private async Task EnsureVisibleAsync(Guid id, CancellationToken ct) => await LoadVisibleAsync(id, ct, track: false);

    /// <summary>Of these employees, the ones the caller may see: in the data scope, or themselves. One query whatever their number.</summary>
    public async Task<IReadOnlySet<Guid>> VisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        var units = await db.Set<Employee>().Where(e => distinct.Contains(e.Id)).Select(e => new { e.Id, e.OrgUnitId }).ToListAsync(ct);
        var filter = await scope.GetAsync(ct);
        return units.Where(e => filter.Covers(e.OrgUnitId) || e.Id == user.EmployeeId).Select(e => e.Id).ToHashSet();
    }

    public async Task<Employee> LoadVisibleAsync(Guid id, CancellationToken ct, bool track = true)
    {
        var query = track ? db.Set<Employee>() : db.Set<Employee>().AsNoTracking();
        var employee = await query.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (employee is null)
        {
            throw new NotFoundException("employee");
        }

        var filter = await scope.GetAsync(ct);
        var isSelf = !track && user.EmployeeId == id;
        return filter.Covers(employee.OrgUnitId) || isSelf ? employee : throw new NotFoundException("employee");
    }

    private async Task<IQueryable<Employee>> FilterAsync(EmployeeQuery query, CancellationToken ct)
    {
        var filter = await scope.GetAsync(ct);
        var employees = db.Set<Employee>().AsNoTracking();
        if (!filter.All)
        {
            var ids = filter.Ids;
            employees = employees.Where(e => ids.Contains(e.OrgUnitId));
        }

        if (query.OrgUnitId is { } unitId)
        {
            var path = await db.Set<OrgUnit>().Where(u => u.Id == unitId).Select(u => u.Path).FirstOrDefaultAsync(ct) ?? "/none/";
            var unitIds = db.Set<OrgUnit>().Where(u => u.Path.StartsWith(path)).Select(u => u.Id);
            employees = employees.Where(e => unitIds.Contains(e.OrgUnitId));
        }

        if (query.PositionId is { } positionId)
        {
            employees = employees.Where(e => e.PositionId == positionId);
        }

        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            employees = employees.Where(e => e.Status == query.Status);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            var pattern = "%" + LikeEscape().Replace(q, @"\$0") + "%";
            employees = employees.Where(e => EF.Functions.ILike(e.EmployeeNo, pattern) || EF.Functions.ILike(e.Name, pattern));
        }

        return employees;
    }

    /// <summary>An ID number is shown as its last four characters behind a fixed mask (IDs are 6 or more characters long).</summary>
    private const string MaskedIdPrefix = "**************";

#pragma warning disable CA1845 // An expression translated to SQL (right-hand characters of the column), where spans do not exist.
    private IQueryable<EmployeeDto> Project(IQueryable<Employee> employees) =>
        from e in employees
        join u in db.Set<OrgUnit>() on e.OrgUnitId equals u.Id
        join p in db.Set<Position>() on e.PositionId equals p.Id into ps
        from p in ps.DefaultIfEmpty()
        join m in db.Set<Employee>() on e.ManagerId equals m.Id into ms
        from m in ms.DefaultIfEmpty()
        join s in db.Set<ShiftGroup>() on e.ShiftGroupId equals s.Id into ss
        from s in ss.DefaultIfEmpty()
        select new EmployeeDto(
            e.Id, e.EmployeeNo, e.Name, e.Phone, e.Email, e.OrgUnitId, u.Code, u.Name,
            e.PositionId, p == null ? null : p.Code, p == null ? null : p.Name,
            e.ManagerId, m == null ? null : m.EmployeeNo, m == null ? null : m.Name,
            e.ShiftGroupId, s == null ? null : s.Code, s == null ? null : s.Name, e.HireDate, e.Status, e.Version, e.WorkerType, e.Company,
            e.IdNumber == null ? null : MaskedIdPrefix + e.IdNumber!.Substring(e.IdNumber!.Length - 4));
#pragma warning restore CA1845

    /// <summary>A known kind of worker; contractors and agency workers name their company; an ID number is 6–30 letters and digits.</summary>
    private void ValidateWorker(Validation v, string workerType, string? company, string? idNumber)
    {
        if (!WorkerType.All.Contains(workerType))
        {
            v.Add("workerType", t["org.employee.worker_type_unknown"]);
        }
        else if (WorkerType.External.Contains(workerType) && string.IsNullOrWhiteSpace(company))
        {
            v.Add("company", t["org.employee.company_required"]);
        }

        v.MaxLength("company", company, 100, t["validation.max_length", 100]);
        if (!string.IsNullOrWhiteSpace(idNumber) && !IdNumberPattern().IsMatch(idNumber.Trim()))
        {
            v.Add("idNumber", t["org.employee.id_number_invalid"]);
        }
    }

    private void ValidateContact(Validation v, string? name, string? phone, string? email)
    {
        v.Require("name", name, t["validation.required"]).MaxLength("name", name, 60, t["validation.max_length", 60]);
        if (!string.IsNullOrWhiteSpace(phone) && !PhonePattern().IsMatch(phone.Trim()))
        {
            v.Add("phone", t["validation.phone"]);
        }

        if (!string.IsNullOrWhiteSpace(email) && !EmailPattern().IsMatch(email.Trim()))
        {
            v.Add("email", t["validation.email"]);
        }
    }

    private async Task ValidateReferencesAsync(Validation v, Guid? positionId, Guid? managerId, Guid? shiftGroupId, Guid? self, CancellationToken ct)
    {
        if (positionId is { } p && !await db.Set<Position>().AnyAsync(x => x.Id == p && x.Active, ct))
        {
            v.Add("positionId", t["org.position.unknown"]);
        }

        if (managerId is { } m && (m == self || !await db.Set<Employee>().AnyAsync(x => x.Id == m && x.Status != EmployeeStatus.Exited, ct)))
        {
            v.Add("managerId", t["org.employee.manager_unknown"]);
        }

        if (shiftGroupId is { } s && !await db.Set<ShiftGroup>().AnyAsync(x => x.Id == s && x.Active, ct))
        {
            v.Add("shiftGroupId", t["org.shift.unknown"]);
        }
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{4,19}$")]
    internal static partial Regex PhonePattern();

    [GeneratedRegex(@"^[0-9A-Za-z]{6,30}$")]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    internal static partial Regex EmailPattern();

    [GeneratedRegex(@"[\\%_]")]
    private static partial Regex LikeEscape();
}
