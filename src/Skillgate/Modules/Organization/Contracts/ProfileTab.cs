namespace Skillgate.Modules.Organization.Contracts;

/// <summary>
/// A tab another module adds to the employee profile: its title text key, the partial view that renders it,
/// and how to load that partial's model for an employee.
/// </summary>
public sealed record ProfileTab(string Key, string TitleTextKey, string PartialView, Func<IServiceProvider, Guid, CancellationToken, Task<object>> LoadModel);
