using Skillgate.Modules.Organization.Contracts;
using Skillgate.Modules.Organization.Employees;
using Skillgate.Modules.Organization.Lists;
using Skillgate.Modules.Organization.OrgUnits;
using Skillgate.Modules.Organization.Positions;
using Skillgate.Modules.Organization.ShiftGroups;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Organization;

/// <summary>/api/v1 endpoints of the organisation module; they call the same handlers as the pages.</summary>
internal static class OrganizationApi
{
    public static void MapOrganizationApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/v1/org-units").WithTags("Org units");
        units.MapGet("/", (bool? includeInactive, OrgUnitHandler h, CancellationToken ct) => h.TreeAsync(includeInactive ?? false, ct))
            .WithName("ListOrgUnits").WithSummary("The org tree the caller may see, parents before children.").RequireAuthorization(Permissions.OrgRead);
        units.MapGet("/{id:guid}", (Guid id, OrgUnitHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetOrgUnit").WithSummary("One org unit.").RequireAuthorization(Permissions.OrgRead);
        units.MapPost("/", async (OrgUnitInput input, OrgUnitHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/org-units/{created.Id}", created);
            })
            .WithName("CreateOrgUnit").WithSummary("Create an org unit under a parent.").RequireAuthorization(Permissions.OrgWrite);
        units.MapPut("/{id:guid}", (Guid id, OrgUnitUpdate input, OrgUnitHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateOrgUnit").WithSummary("Rename an org unit, change its type or functions.").RequireAuthorization(Permissions.OrgWrite);
        units.MapPost("/{id:guid}/move", (Guid id, OrgUnitMove input, OrgUnitHandler h, CancellationToken ct) => h.MoveAsync(id, input, ct))
            .WithName("MoveOrgUnit").WithSummary("Move an org unit with its subtree under another parent.").RequireAuthorization(Permissions.OrgWrite);
        units.MapPost("/{id:guid}/deactivate", async (Guid id, int version, OrgUnitHandler h, CancellationToken ct) =>
            {
                await h.DeactivateAsync(id, version, ct);
                return TypedResults.NoContent();
            })
            .WithName("DeactivateOrgUnit").WithSummary("Deactivate an org unit and its subtree (refused while employees remain).").RequireAuthorization(Permissions.OrgWrite);
        units.MapPost("/{id:guid}/reactivate", async (Guid id, int version, OrgUnitHandler h, CancellationToken ct) =>
            {
                await h.ReactivateAsync(id, version, ct);
                return TypedResults.NoContent();
            })
            .WithName("ReactivateOrgUnit").WithSummary("Reactivate a deactivated org unit.").RequireAuthorization(Permissions.OrgWrite);
        units.MapGet("/{id:guid}/history", (Guid id, OrgUnitHandler h, AuditHistory history, CancellationToken ct) => HistoryAsync(h.GetAsync(id, ct), "org_unit", id, history, ct))
            .WithName("GetOrgUnitHistory").WithSummary("The audit history of an org unit.").RequireAuthorization(Permissions.OrgRead);

        var lists = app.MapGroup("/api/v1").WithTags("Lists");
        lists.MapGet("/unit-types", (ListHandler h, CancellationToken ct) => h.UnitTypesAsync(ct))
            .WithName("ListUnitTypes").WithSummary("Org unit types.").RequireAuthorization(Permissions.OrgRead);
        lists.MapPost("/unit-types", (ListEntryInput input, ListHandler h, CancellationToken ct) => h.AddUnitTypeAsync(input, ct))
            .WithName("AddUnitType").WithSummary("Add an org unit type.").RequireAuthorization(Permissions.OrgWrite);
        lists.MapGet("/function-tags", (ListHandler h, CancellationToken ct) => h.FunctionTagsAsync(ct))
            .WithName("ListFunctionTags").WithSummary("Department function tags.").RequireAuthorization(Permissions.OrgRead);
        lists.MapPost("/function-tags", (ListEntryInput input, ListHandler h, CancellationToken ct) => h.AddFunctionTagAsync(input, ct))
            .WithName("AddFunctionTag").WithSummary("Add a department function tag.").RequireAuthorization(Permissions.OrgWrite);

        var positions = app.MapGroup("/api/v1/positions").WithTags("Positions");
        positions.MapGet("/", (Guid? orgUnitId, PositionHandler h, CancellationToken ct) => h.ListAsync(orgUnitId, ct))
            .WithName("ListPositions").WithSummary("Positions (posts) the caller may see.").RequireAuthorization(Permissions.OrgRead);
        positions.MapGet("/{id:guid}", (Guid id, PositionHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetPosition").WithSummary("One position.").RequireAuthorization(Permissions.OrgRead);
        positions.MapPost("/", async (PositionInput input, PositionHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/positions/{created.Id}", created);
            })
            .WithName("CreatePosition").WithSummary("Create a position in an org unit.").RequireAuthorization(Permissions.OrgWrite);
        positions.MapPut("/{id:guid}", (Guid id, PositionUpdate input, PositionHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdatePosition").WithSummary("Update or deactivate a position.").RequireAuthorization(Permissions.OrgWrite);
        positions.MapGet("/{id:guid}/history", (Guid id, PositionHandler h, AuditHistory history, CancellationToken ct) => HistoryAsync(h.GetAsync(id, ct), "position", id, history, ct))
            .WithName("GetPositionHistory").WithSummary("The audit history of a position.").RequireAuthorization(Permissions.OrgRead);

        var shifts = app.MapGroup("/api/v1/shift-groups").WithTags("Shift groups");
        shifts.MapGet("/", (ShiftGroupHandler h, CancellationToken ct) => h.ListAsync(ct))
            .WithName("ListShiftGroups").WithSummary("Shift groups.").RequireAuthorization(Permissions.OrgRead);
        shifts.MapGet("/{id:guid}", (Guid id, ShiftGroupHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetShiftGroup").WithSummary("One shift group.").RequireAuthorization(Permissions.OrgRead);
        shifts.MapPost("/", async (ShiftGroupInput input, ShiftGroupHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/shift-groups/{created.Id}", created);
            })
            .WithName("CreateShiftGroup").WithSummary("Create a shift group.").RequireAuthorization(Permissions.OrgWrite);
        shifts.MapPut("/{id:guid}", (Guid id, ShiftGroupUpdate input, ShiftGroupHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateShiftGroup").WithSummary("Update or deactivate a shift group.").RequireAuthorization(Permissions.OrgWrite);
        shifts.MapGet("/{id:guid}/history", (Guid id, ShiftGroupHandler h, AuditHistory history, CancellationToken ct) => HistoryAsync(h.GetAsync(id, ct), "shift_group", id, history, ct))
            .WithName("GetShiftGroupHistory").WithSummary("The audit history of a shift group.").RequireAuthorization(Permissions.OrgRead);

        var employees = app.MapGroup("/api/v1/employees").WithTags("Employees");
        employees.MapGet("/", (string? q, Guid? orgUnitId, Guid? positionId, string? status, int? page, int? pageSize, EmployeeHandler h, CancellationToken ct) =>
                h.SearchAsync(new EmployeeQuery(q, orgUnitId, positionId, status, page ?? 1, pageSize ?? 50), ct))
            .WithName("ListEmployees").WithSummary("Search employees by number or name; filter by org unit (with its subtree), position, status.").RequireAuthorization(Permissions.OrgRead);
        employees.MapGet("/{id:guid}", (Guid id, EmployeeHandler h, CancellationToken ct) => h.GetAsync(id, ct))
            .WithName("GetEmployee").WithSummary("One employee (people without org access see only themselves).").RequireAuthorization(Permissions.EmployeeRead);
        employees.MapPost("/", async (EmployeeCreate input, EmployeeHandler h, CancellationToken ct) =>
            {
                var created = await h.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/employees/{created.Id}", created);
            })
            .WithName("CreateEmployee").WithSummary("Hire an employee (records the hire event).").RequireAuthorization(Permissions.EmployeesWrite);
        employees.MapPut("/{id:guid}", (Guid id, EmployeeUpdate input, EmployeeHandler h, CancellationToken ct) => h.UpdateAsync(id, input, ct))
            .WithName("UpdateEmployee").WithSummary("Update contact data, manager and shift group.").RequireAuthorization(Permissions.EmployeesWrite);
        employees.MapGet("/{id:guid}/events", (Guid id, EmployeeHandler h, CancellationToken ct) => h.HistoryAsync(id, ct))
            .WithName("ListEmployeeEvents").WithSummary("The employee's lifecycle history.").RequireAuthorization(Permissions.EmployeeRead);
        employees.MapPost("/{id:guid}/events", (Guid id, LifecycleEventInput input, EmployeeHandler h, CancellationToken ct) => h.RecordEventAsync(id, input, ct))
            .WithName("RecordEmployeeEvent").WithSummary("Record a transfer, position change, leave, return, exit or rehire.").RequireAuthorization(Permissions.EmployeesWrite);
        employees.MapGet("/{id:guid}/history", (Guid id, EmployeeHandler h, AuditHistory history, CancellationToken ct) => HistoryAsync(h.GetAsync(id, ct), "employee", id, history, ct))
            .WithName("GetEmployeeAuditHistory").WithSummary("The audit history of an employee record.").RequireAuthorization(Permissions.OrgRead);
    }

    private static async Task<IReadOnlyList<AuditEntry>> HistoryAsync<T>(Task<T> visible, string type, Guid id, AuditHistory history, CancellationToken ct)
    {
        await visible;
        return await history.ForEntityAsync(type, id, ct);
    }
}
