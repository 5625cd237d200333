using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;

namespace Skillgate.Modules.Organization.Employees;

internal static class EmployeeEndpoints
{
    public static void MapEmployeeEndpoints(this IEndpointRouteBuilder app)
    {
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
        employees.MapPost("/{id:guid}/events", (Guid id, LifecycleEventInput input, EmployeeLifecycle h, CancellationToken ct) => h.RecordEventAsync(id, input, ct))
            .WithName("RecordEmployeeEvent").WithSummary("Record a transfer, position change, leave, return, exit or rehire.").RequireAuthorization(Permissions.EmployeesWrite);
        employees.MapGet("/{id:guid}/history", (Guid id, EmployeeHandler h, AuditHistory history, CancellationToken ct) => history.ForVisibleAsync(h.GetAsync(id, ct), "employee", id, ct))
            .WithName("GetEmployeeAuditHistory").WithSummary("The audit history of an employee record.").RequireAuthorization(Permissions.OrgRead);
    }
}
