using System.Net;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>
/// Where a check-in may come from, when configured: the plant's networks (CIDR, e.g. 10.8.0.0/16) and a geofence (latitude,
/// longitude, radius in metres). A check-in from elsewhere is recorded and flagged; one without a location while a geofence is
/// configured is flagged no_location, or refused when <c>Geofence:WithoutLocation</c> is "refuse". Read from the configuration
/// once (binding a list walks every configuration key, too slow for each check-in of a burst).
/// </summary>
internal sealed class PlaceRules(IReadOnlyList<string> networks, double? latitude, double? longitude, double? radiusMeters, bool refuseWithoutLocation = false)
{
    public static PlaceRules From(IConfiguration configuration)
    {
        var fence = configuration.GetSection("Skillgate:Training:Geofence");
        return new PlaceRules(configuration.GetSection("Skillgate:Training:AllowedNetworks").Get<string[]>() ?? [],
            fence.GetValue<double?>("Latitude"), fence.GetValue<double?>("Longitude"), fence.GetValue<double?>("RadiusMeters"),
            string.Equals(fence["WithoutLocation"], "refuse", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether a geofence is configured: the phone page then asks for the location.</summary>
    public bool HasFence => latitude is not null && longitude is not null && radiusMeters is not null;

    /// <summary>A check-in without a location is refused rather than flagged.</summary>
    public bool LocationRefusedWithout => HasFence && refuseWithoutLocation;

    /// <summary>
    /// The place flags of a check-in. A location counts as outside only when even the nearest point of its accuracy circle is
    /// beyond the fence: a phone that places itself roughly is not blamed for its own imprecision.
    /// </summary>
    public IEnumerable<string> Flags(string? ip, double? lat, double? lng, double? accuracy = null)
    {
        if (networks.Count > 0 && (ip is null || !IPAddress.TryParse(ip, out var address) || !networks.Any(n => InNetwork(address, n))))
        {
            yield return "outside_network";
        }

        if (latitude is { } fenceLat && longitude is { } fenceLng && radiusMeters is { } radius)
        {
            if (lat is not { } la || lng is not { } lo)
            {
                yield return "no_location";
            }
            else if (DistanceMeters(fenceLat, fenceLng, la, lo) - (accuracy ?? 0) > radius)
            {
                yield return "outside_geofence";
            }
        }
    }

    public static bool InNetwork(IPAddress address, string cidr)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var parts = cidr.Split('/');
        if (!IPAddress.TryParse(parts[0], out var network) || network.AddressFamily != address.AddressFamily)
        {
            return false;
        }

        var bits = parts.Length > 1 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : network.GetAddressBytes().Length * 8;
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Great-circle distance (haversine), precise enough for a plant's fence.</summary>
    public static double DistanceMeters(double lat1, double lng1, double lat2, double lng2)
    {
        const double EarthRadius = 6_371_000;
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLng = Rad(lng2 - lng1);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(dLng / 2), 2));
        return 2 * EarthRadius * Math.Asin(Math.Sqrt(h));
    }
}
