using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Platform.Notifications;

/// <summary>The home page's inbox: the unread notifications, newest first.</summary>
internal static class InboxTile
{
    public static readonly HomeTile Tile = new("inbox", 40, Permissions.LearnSelf, "home.tile.inbox", "~/Modules/Shared/_InboxTile.cshtml", LoadAsync);

    public sealed record Model(int Count, IReadOnlyList<NotificationDto> Newest);

    private static async Task<object?> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var (count, newest) = await services.GetRequiredService<NotificationService>().UnreadAsync(3, ct);
        return new Model(count, newest);
    }
}
