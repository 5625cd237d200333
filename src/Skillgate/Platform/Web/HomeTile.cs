namespace Skillgate.Platform.Web;

/// <summary>
/// A tile a module adds to the home page: shown, in <see cref="Order"/>, to those holding <see cref="Permission"/>, with the
/// partial view that renders the model <see cref="LoadModel"/> gives (null: nothing to show this caller). A module that is
/// absent adds no tiles, so the home page never depends on it.
/// </summary>
internal sealed record HomeTile(string Key, int Order, string Permission, string TitleTextKey, string PartialView, Func<IServiceProvider, CancellationToken, Task<object?>> LoadModel);
