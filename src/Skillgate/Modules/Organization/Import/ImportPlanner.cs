using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Domain;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Excel;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Organization.Import;

/// <summary>
/// Checks every row against the database and the rest of the file (codes, references, data scope)
/// and, when nothing is wrong, works out exactly what to create and change.
/// </summary>
internal sealed class ImportPlanner(ImportContext context, ScopeFilter scope, Texts t, List<ImportError> errors, bool chinese)
{
    private ImportWorkbook _workbook = new();

    public ImportPlan Plan(ImportWorkbook workbook)
    {
        _workbook = workbook;
        var plan = new ImportPlan();
        PlanUnits(workbook.OrgUnits, plan);
        PlanPositions(workbook.Positions, plan);
        PlanEmployees(workbook.Employees, plan);
        return plan;
    }

    private void PlanUnits(List<OrgUnitRow> rows, ImportPlan plan)
    {
        var sheet = ImportLayout.OrgUnits.Name(chinese);
        var byCode = new Dictionary<string, OrgUnitRow>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (!byCode.TryAdd(row.Code, row))
            {
                Error(sheet, row.Row, ImportLayout.OrgUnits, "code", t["import.duplicate_in_file", row.Code]);
            }

            if (row.Type.Length > 0 && !context.UnitTypes.Contains(row.Type))
            {
                Error(sheet, row.Row, ImportLayout.OrgUnits, "type", t["org.unit.type_unknown"]);
            }

            var unknown = row.Functions.Where(f => !context.FunctionTags.Contains(f)).ToList();
            if (unknown.Count > 0)
            {
                Error(sheet, row.Row, ImportLayout.OrgUnits, "functions", t["org.unit.function_unknown", string.Join(", ", unknown)]);
            }

            if (row.Parent is { } parent && !rows.Any(r => string.Equals(r.Code, parent, StringComparison.OrdinalIgnoreCase)) && !context.Units.ContainsKey(parent))
            {
                Error(sheet, row.Row, ImportLayout.OrgUnits, "parent", t["import.unknown_reference", parent]);
            }

            if (context.Units.TryGetValue(row.Code, out var existing) && !scope.Covers(existing.Id))
            {
                Error(sheet, row.Row, ImportLayout.OrgUnits, "code", t["import.out_of_scope"]);
            }
        }

        // Parents first; a row whose chain loops is reported instead of placed.
        var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = byCode.Values.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(r => r.Parent is null || !byCode.ContainsKey(r.Parent) || placed.Contains(r.Parent)).ToList();
            if (ready.Count == 0)
            {
                foreach (var r in pending)
                {
                    Error(sheet, r.Row, ImportLayout.OrgUnits, "parent", t["import.parent_cycle"]);
                }

                return;
            }

            foreach (var row in ready)
            {
                Place(row, plan, sheet);
                placed.Add(row.Code);
                pending.Remove(row);
            }
        }
    }

    private void Place(OrgUnitRow row, ImportPlan plan, string sheet)
    {
        OrgUnit? parent = null;
        if (row.Parent is { } parentCode && !context.Units.TryGetValue(parentCode, out parent))
        {
            return; // already reported as unknown
        }

        if (parent is not null && !scope.Covers(parent.Id) && !plan.NewUnits.Contains(parent))
        {
            Error(sheet, row.Row, ImportLayout.OrgUnits, "parent", t["import.out_of_scope"]);
        }
        else if (parent is null && !scope.All)
        {
            Error(sheet, row.Row, ImportLayout.OrgUnits, "parent", t["org.unit.root_needs_full_scope"]);
        }

        if (context.Units.TryGetValue(row.Code, out var unit))
        {
            var functions = row.Functions.Select(f => f.ToLowerInvariant()).Distinct().ToList();
            var changed = unit.Name != row.Name || unit.UnitType != row.Type || !unit.Functions.SequenceEqual(functions) || unit.ParentId != parent?.Id;
            if (!changed)
            {
                return;
            }

            if (parent is not null && parent.Path.StartsWith(unit.Path, StringComparison.Ordinal))
            {
                Error(sheet, row.Row, ImportLayout.OrgUnits, "parent", t["org.unit.move_into_own_subtree"]);
                return;
            }

            unit.Name = row.Name;
            unit.UnitType = row.Type.ToLowerInvariant();
            unit.Functions = functions;
            if (unit.ParentId != parent?.Id)
            {
                var oldPath = unit.Path;
                var newPath = OrgUnit.PathOf(parent?.Path, unit.Id);
                foreach (var d in context.Units.Values.Where(u => u.Path.StartsWith(oldPath, StringComparison.Ordinal)))
                {
                    d.Path = newPath + d.Path[oldPath.Length..];
                }

                unit.ParentId = parent?.Id;
            }

            plan.UpdatedCount++;
            return;
        }

        var id = Guid.CreateVersion7();
        var created = new OrgUnit
        {
            Id = id,
            Code = row.Code,
            Name = row.Name,
            UnitType = row.Type.ToLowerInvariant(),
            ParentId = parent?.Id,
            Path = OrgUnit.PathOf(parent?.Path, id),
            Functions = row.Functions.Select(f => f.ToLowerInvariant()).Distinct().ToList(),
        };
        context.Units[row.Code] = created;
        plan.NewUnits.Add(created);
    }

    private bool Writable(OrgUnit unit, ImportPlan plan) => scope.Covers(unit.Id) || plan.NewUnits.Contains(unit);

    private void PlanPositions(List<PositionRow> rows, ImportPlan plan)
    {
        var sheet = ImportLayout.Positions.Name(chinese);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (!seen.Add(row.Code))
            {
                Error(sheet, row.Row, ImportLayout.Positions, "code", t["import.duplicate_in_file", row.Code]);
                continue;
            }

            if (!context.Units.TryGetValue(row.OrgUnit, out var unit))
            {
                Error(sheet, row.Row, ImportLayout.Positions, "org_unit", t["import.unknown_reference", row.OrgUnit]);
                continue;
            }

            if (!Writable(unit, plan))
            {
                Error(sheet, row.Row, ImportLayout.Positions, "org_unit", t["import.out_of_scope"]);
                continue;
            }

            if (context.Positions.TryGetValue(row.Code, out var position))
            {
                if (!scope.Covers(position.OrgUnitId))
                {
                    Error(sheet, row.Row, ImportLayout.Positions, "code", t["import.out_of_scope"]);
                }
                else if (position.Name != row.Name || position.OrgUnitId != unit.Id)
                {
                    position.Name = row.Name;
                    position.OrgUnitId = unit.Id;
                    plan.UpdatedCount++;
                }

                continue;
            }

            var created = new Position { Id = Guid.CreateVersion7(), Code = row.Code, Name = row.Name, OrgUnitId = unit.Id };
            context.Positions[row.Code] = created;
            plan.NewPositions.Add(created);
        }
    }

    private void PlanEmployees(List<EmployeeRow> rows, ImportPlan plan)
    {
        var sheet = ImportLayout.Employees.Name(chinese);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (ids.ContainsKey(row.EmployeeNo))
            {
                Error(sheet, row.Row, ImportLayout.Employees, "employee_no", t["import.duplicate_in_file", row.EmployeeNo]);
                continue;
            }

            ids[row.EmployeeNo] = context.Employees.TryGetValue(row.EmployeeNo, out var known) ? known.Id : Guid.CreateVersion7();
        }

        foreach (var row in rows)
        {
            if (row.EmployeeNo.Length == 0)
            {
                continue;
            }

            var ok = true;
            void Fail(string column, string message)
            {
                ok = false;
                Error(sheet, row.Row, ImportLayout.Employees, column, message);
            }

            if (!context.Units.TryGetValue(row.OrgUnit, out var unit))
            {
                Fail("org_unit", t["import.unknown_reference", row.OrgUnit]);
            }
            else if (!Writable(unit, plan))
            {
                Fail("org_unit", t["import.out_of_scope"]);
            }
            else if (!unit.Active)
            {
                Fail("org_unit", t["org.unit.unknown"]);
            }

            Position? position = null;
            if (row.Position is { } positionCode && !context.Positions.TryGetValue(positionCode, out position))
            {
                Fail("position", t["import.unknown_reference", positionCode]);
            }

            Guid? shift = null;
            if (row.ShiftGroup is { } shiftCode)
            {
                if (context.ShiftGroups.TryGetValue(shiftCode, out var s))
                {
                    shift = s;
                }
                else
                {
                    Fail("shift_group", t["import.unknown_reference", shiftCode]);
                }
            }

            Guid? manager = null;
            if (row.Manager is { } managerNo)
            {
                if (managerNo == row.EmployeeNo || !ids.TryGetValue(managerNo, out var m) && !context.Employees.ContainsKey(managerNo))
                {
                    Fail("manager", t["import.unknown_reference", managerNo]);
                }
                else
                {
                    manager = ids.TryGetValue(managerNo, out var inFile) ? inFile : context.Employees[managerNo].Id;
                }
            }

            context.Employees.TryGetValue(row.EmployeeNo, out var before);
            if (before is not null && !scope.Covers(before.OrgUnitId))
            {
                Fail("employee_no", t["import.out_of_scope"]);
            }

            if (!ok || unit is null || row.HireDate is null || !ids.TryGetValue(row.EmployeeNo, out var id))
            {
                continue;
            }

            var after = new Employee
            {
                Id = id,
                EmployeeNo = row.EmployeeNo,
                Name = row.Name,
                Phone = row.Phone,
                Email = row.Email,
                OrgUnitId = unit.Id,
                PositionId = position?.Id,
                ManagerId = manager,
                ShiftGroupId = shift,
                HireDate = before?.HireDate ?? row.HireDate.Value,
                Status = before?.Status ?? EmployeeStatus.Active,
            };
            if (before is null || before.Name != after.Name || before.Phone != after.Phone || before.Email != after.Email ||
                before.OrgUnitId != after.OrgUnitId || before.PositionId != after.PositionId || before.ManagerId != after.ManagerId ||
                before.ShiftGroupId != after.ShiftGroupId)
            {
                plan.EmployeeChanges.Add(new EmployeeChange(before, after));
            }
        }
    }

    /// <summary>An error named as the uploaded file names it: its own sheet name, the row, the column's letter and header.</summary>
    private void Error(string sheet, int row, ImportSheet layout, string key, string message)
    {
        if (errors.Count >= ImportLimits.MaxErrorsKept)
        {
            return;
        }

        var header = layout.Columns.First(c => c.Key == key).Header(chinese);
        var error = _workbook.Sheets.TryGetValue(layout, out var file) && file.Columns.TryGetValue(key, out var index)
            ? new ImportError(file.Name, row, $"{XlsxReader.ColumnName(index)} ({header})", message)
            : new ImportError(sheet, row, header, message);
        // A cell the form check already refused (e.g. an empty required code) is not refused again as an unknown reference.
        if (!errors.Any(e => e.Sheet == error.Sheet && e.Row == row && e.Column == error.Column))
        {
            errors.Add(error);
        }
    }
}
