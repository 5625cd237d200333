using Skillgate.Modules.Competence.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Competence.Gate;

/// <summary>
/// The MES question at operator login, answered by the same gate as the UI and the assignment API: one statement, then the
/// caller's scope (remembered per sign-in) against the employee's unit.
/// </summary>
internal sealed class QualificationCheck(GateHandler gate, DataScope scope, Texts t)
{
    public async Task<GateResult> CheckAsync(string employee, string? operation, Guid? position, CancellationToken ct)
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(employee))
        {
            v.Add("employee", t["validation.required"]);
        }

        if ((operation is null) == (position is null))
        {
            v.Add("operation", t["competence.requirement_target"]);
        }

        v.ThrowIfInvalid();
        var byId = Guid.TryParse(employee, out var id);
        var operationId = Guid.TryParse(operation, out var op) ? op : (Guid?)null;
        var verdict = await gate.CheckAsync(byId ? id : null, byId ? null : employee.Trim(), position, operationId, operationId is null ? operation : null, ct);
        if (verdict is null || !(await scope.GetAsync(ct)).Covers(verdict.OrgUnitId))
        {
            throw new NotFoundException("employee");
        }

        return verdict.Result;
    }
}
