namespace Skillgate.Modules.Performance.Metrics;

/// <summary>
/// A metric's records summed per person and org unit (either may be missing). A function names who answers for records the
/// unit's operators could not control: they count against the nearest unit holding that function instead of the unit.
/// </summary>
internal readonly record struct KpiFact(Guid? EmployeeId, Guid? UnitId, decimal Numerator, decimal Denominator, string? Function = null);

/// <summary>A subject's totals at one level: the company (the nil id), an org unit, a position or a person.</summary>
internal readonly record struct SubjectTotal(string Kind, Guid SubjectId, decimal Numerator, decimal Denominator);

/// <summary>The organisation a level needs: each unit's parent and functions, each person's position and unit.</summary>
internal sealed record OrgShape(IReadOnlyDictionary<Guid, (Guid? Parent, string[] Functions)> Units, IReadOnlyDictionary<Guid, Guid?> Positions)
{
    public IReadOnlyDictionary<Guid, Guid> Homes { get; init; } = new Dictionary<Guid, Guid>();

    /// <summary>The unit and all its ancestors.</summary>
    public IEnumerable<Guid> UpFrom(Guid unit)
    {
        var seen = new HashSet<Guid>();
        for (Guid? u = unit; u is { } id && Units.ContainsKey(id) && seen.Add(id); u = Units[id].Parent)
        {
            yield return id;
        }
    }

    /// <summary>The unit and all units below it.</summary>
    public IReadOnlyList<Guid> Subtree(Guid root) => Units.Keys.Where(u => UpFrom(u).Contains(root)).ToList();

    private readonly Dictionary<(Guid, string), Guid?> _responsible = [];
    private ILookup<Guid, Guid>? _children;

    /// <summary>
    /// The unit that answers for a function where <paramref name="unit"/> works: the nearest unit holding the function below the
    /// unit's closest ancestor that has one (the plant's purchasing office for a line's material), or none in the whole tree.
    /// </summary>
    public Guid? Responsible(Guid unit, string function)
    {
        if (_responsible.TryGetValue((unit, function), out var known))
        {
            return known;
        }

        _children ??= Units.Where(u => u.Value.Parent is not null).ToLookup(u => u.Value.Parent!.Value, u => u.Key);
        Guid? found = null;
        foreach (var ancestor in UpFrom(unit))
        {
            var level = new List<Guid> { ancestor };
            var seen = new HashSet<Guid> { ancestor };
            while (level.Count > 0 && found is null)
            {
                found = level.Where(u => Units[u].Functions.Contains(function, StringComparer.Ordinal)).Order().Cast<Guid?>().FirstOrDefault();
                level = level.SelectMany(u => _children[u]).Where(seen.Add).ToList();
            }

            if (found is not null)
            {
                break;
            }
        }

        return _responsible[(unit, function)] = found;
    }

    /// <summary>The unit a fact counts against: its own (the person's home unit when it names none), or the one answering for its function.</summary>
    public Guid? CountsAgainst(KpiFact fact) =>
        (fact.UnitId ?? (fact.EmployeeId is { } e && Homes.TryGetValue(e, out var home) ? home : null)) is { } u ? fact.Function is { } f ? Responsible(u, f) : u : null;
}

/// <summary>An <see cref="OrgShape"/> as a period keeps it, so a closed period is summed over the organisation it was closed with.</summary>
internal sealed record OrgShapeSnapshot(IReadOnlyList<OrgShapeSnapshot.Unit> Units, IReadOnlyList<OrgShapeSnapshot.Person> People)
{
    public static OrgShapeSnapshot Of(OrgShape org) => new(
        org.Units.OrderBy(u => u.Key).Select(u => new Unit(u.Key, u.Value.Parent, u.Value.Functions)).ToList(),
        org.Positions.OrderBy(p => p.Key).Select(p => new Person(p.Key, p.Value, org.Homes.TryGetValue(p.Key, out var home) ? home : null)).ToList());

    public OrgShape ToShape() => new(Units.ToDictionary(u => u.Id, u => (u.Parent, u.Functions)), People.ToDictionary(p => p.Id, p => p.Position))
    {
        Homes = People.Where(p => p.Unit is not null).ToDictionary(p => p.Id, p => p.Unit!.Value),
    };

    internal sealed record Unit(Guid Id, Guid? Parent, string[] Functions);

    internal sealed record Person(Guid Id, Guid? Position, Guid? Unit);
}
