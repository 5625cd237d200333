namespace Skillgate.Modules.Organization.Contracts;

/// <summary>
/// A panel another module adds to an org unit's page: its title text key, the partial view that renders it, and how to load
/// that partial's model for a unit (null: nothing to show the caller).
/// </summary>
public sealed record UnitPanel(string Key, string TitleTextKey, string PartialView, Func<IServiceProvider, Guid, CancellationToken, Task<object?>> LoadModel);
