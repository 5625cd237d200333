namespace Skillgate.Modules.Performance.Metrics;

/// <summary>A metric's records summed per person and org unit (either may be missing).</summary>
internal readonly record struct KpiFact(Guid? EmployeeId, Guid? UnitId, decimal Numerator, decimal Denominator);

/// <summary>A subject's totals at one level: the company (the nil id), an org unit, a position or a person.</summary>
internal readonly record struct SubjectTotal(string Kind, Guid SubjectId, decimal Numerator, decimal Denominator);

/// <summary>The organisation a level needs: each unit's parent and functions, each person's position.</summary>
internal sealed record OrgShape(IReadOnlyDictionary<Guid, (Guid? Parent, string[] Functions)> Units, IReadOnlyDictionary<Guid, Guid?> Positions)
{
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
}

/// <summary>An <see cref="OrgShape"/> as a period keeps it, so a closed period is summed over the organisation it was closed with.</summary>
internal sealed record OrgShapeSnapshot(IReadOnlyList<OrgShapeSnapshot.Unit> Units, IReadOnlyList<OrgShapeSnapshot.Person> People)
{
    public static OrgShapeSnapshot Of(OrgShape org) => new(
        org.Units.OrderBy(u => u.Key).Select(u => new Unit(u.Key, u.Value.Parent, u.Value.Functions)).ToList(),
        org.Positions.OrderBy(p => p.Key).Select(p => new Person(p.Key, p.Value)).ToList());

    public OrgShape ToShape() => new(Units.ToDictionary(u => u.Id, u => (u.Parent, u.Functions)), People.ToDictionary(p => p.Id, p => p.Position));

    internal sealed record Unit(Guid Id, Guid? Parent, string[] Functions);

    internal sealed record Person(Guid Id, Guid? Position);
}
