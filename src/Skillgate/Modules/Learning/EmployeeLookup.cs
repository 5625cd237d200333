using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Organization.Contracts;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Learning;

/// <summary>Employees as the learning pages name them: by number in forms, by name in lists.</summary>
internal static class EmployeeLookup
{
    /// <summary>The employee with this number, or a validation error on the given form field.</summary>
    public static async Task<Guid> IdByNumberAsync(IOrganizationDirectory organization, string field, string? employeeNo, Texts t, CancellationToken ct) =>
        await organization.EmployeeIdByNumberAsync(employeeNo?.Trim() ?? "", ct)
        ?? throw new ValidationFailedException(new Dictionary<string, string[]> { [field] = [t["learning.employee_unknown", employeeNo ?? ""]] });

    public static async Task<Dictionary<Guid, string>> NamesAsync(SkillgateDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToArray();
        return distinct.Length == 0
            ? []
            : await db.Database.SqlQuery<Named>($"SELECT id AS \"Id\", name AS \"Name\" FROM org.employee WHERE id = ANY({distinct})").ToDictionaryAsync(e => e.Id, e => e.Name, ct);
    }

    private sealed class Named
    {
        public Guid Id { get; init; }

        public string Name { get; init; } = "";
    }
}
