namespace Skillgate.Platform.Contracts;

/// <summary>A page of a list. When <paramref name="TotalIsLowerBound"/> is set the list was not counted: there are at least <paramref name="Total"/> rows.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int PageNumber, int PageSize, bool TotalIsLowerBound = false)
{
    public int PageCount => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}
