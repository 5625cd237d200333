using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Competence.Operations;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Gate;

/// <summary>The MES question at operator login, answered by the same gate as the UI and the assignment API.</summary>
internal sealed class QualificationCheck(IOrganizationDirectory organization, OperationHandler operations, GateHandler gate, Texts t)
{
    public async Task<GateResult> CheckAsync(string employee, string? operation, Guid? position, CancellationToken ct)
    {
        var v = new Validation();
        var employeeId = Guid.TryParse(employee, out var id) ? id : await organization.EmployeeIdByNumberAsync(employee, ct);
        if (employeeId is null || !await organization.EmployeeVisibleAsync(employeeId.Value, ct))
        {
            v.Add("employee", t["org.employee.unknown"]);
        }

        if ((operation is null) == (position is null))
        {
            v.Add("operation", t["competence.requirement_target"]);
        }

        var op = operation is null ? null : await operations.FindAsync(operation, ct);
        if (operation is not null && op is null)
        {
            v.Add("operation", t["competence.operation_unknown"]);
        }

        v.ThrowIfInvalid();
        return op is not null
            ? await gate.CheckOperationAsync(employeeId!.Value, op.Id, ct)
            : await gate.CheckPositionAsync(employeeId!.Value, position!.Value, ct);
    }
}
