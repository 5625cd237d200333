namespace Skillgate.Tests.Infrastructure;

/// <summary>A clock the tests move forward instead of sleeping.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
