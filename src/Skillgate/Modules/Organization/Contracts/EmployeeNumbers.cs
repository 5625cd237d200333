using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Organization.Contracts;

/// <summary>Employees as forms name them: by number, one or a list typed with commas, spaces or new lines.</summary>
internal static class EmployeeNumbers
{
    private static readonly char[] Separators = [',', '，', ' ', '\n', '\r', ';'];

    /// <summary>The employee with this number, or a validation error on the given form field.</summary>
    public static async Task<Guid> IdAsync(this IOrganizationDirectory organization, string field, string? employeeNo, Texts t, CancellationToken ct) =>
        await organization.EmployeeIdByNumberAsync(employeeNo ?? "", ct)
        ?? throw new ValidationFailedException(new Dictionary<string, string[]> { [field] = [t["learning.employee_unknown", employeeNo ?? ""]] });

    public static async Task<List<Guid>> IdsAsync(this IOrganizationDirectory organization, string field, string? employeeNos, Texts t, CancellationToken ct)
    {
        var ids = new List<Guid>();
        foreach (var no in (employeeNos ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            ids.Add(await organization.IdAsync(field, no, t, ct));
        }

        return ids;
    }
}
