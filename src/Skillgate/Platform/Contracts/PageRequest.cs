namespace Skillgate.Platform.Contracts;

/// <summary>A requested page of a list, held to sane bounds: page 1 to 100,000, 1 to <c>maxSize</c> rows.</summary>
public readonly record struct PageRequest(int Number, int Size)
{
    public int Skip => (Number - 1) * Size;

    public static PageRequest Of(int page, int pageSize, int maxSize = 500) => new(Math.Clamp(page, 1, 100_000), Math.Clamp(pageSize, 1, maxSize));
}
