using Microsoft.EntityFrameworkCore;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Learning;

/// <summary>Employees by name in the learning lists.</summary>
internal static class EmployeeLookup
{
    public static async Task<Dictionary<Guid, string>> NamesAsync(LearningDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToArray();
        return distinct.Length == 0
            ? []
            : await db.Database.SqlQuery<Named>($"SELECT id AS \"Id\", name AS \"Name\" FROM org.employee_v WHERE id = ANY({distinct})").ToDictionaryAsync(e => e.Id, e => e.Name, ct);
    }

    private sealed class Named
    {
        public Guid Id { get; init; }

        public string Name { get; init; } = "";
    }
}
