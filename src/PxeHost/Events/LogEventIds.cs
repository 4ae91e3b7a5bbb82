namespace PxeHost.Events;

/// <summary>
/// Every log event id of the server, one constant each, grouped by component; each group owns a range
/// of a thousand: 1xxx DHCP, 2xxx proxyDHCP and the PXE boot server (port 4011), 3xxx TFTP, 4xxx HTTP,
/// 5xxx boot planning and configuration, 6xxx storage, 7xxx hosting (who the process runs as, the
/// supervision of its services). An id, once published, keeps its meaning: admins filter on them.
/// Every <c>[LoggerMessage]</c> takes its id from here (a test checks).
/// </summary>
internal static class LogEventIds
{
    /// <summary>1xxx: the DHCP service.</summary>
    internal static class Dhcp
    {
        public const int Listening = 1000;
        public const int Replied = 1001;
        public const int NoReply = 1002;
        public const int Malformed = 1003;
        public const int SaveFailed = 1004;
        public const int Failed = 1005;
        public const int LeasesLoaded = 1006;
        public const int ScopeServes = 1007;
        public const int Overflow = 1008;
        public const int SendFailed = 1009;
        public const int ProbeClear = 1010;
        public const int ProbeForced = 1011;
        public const int NotOurs = 1012;
        public const int Oversized = 1013;
        public const int ReplyOption = 1014;
        public const int SocketFailed = 1030;
        public const int SocketReopened = 1031;
        public const int InterfaceReplaced = 1032;
        public const int ProbeSendFailed = 1033;
    }

    /// <summary>2xxx: proxyDHCP and the PXE boot server on port 4011.</summary>
    internal static class ProxyDhcp
    {
        public const int Listening = 2000;
    }

    /// <summary>3xxx: the TFTP service.</summary>
    internal static class Tftp
    {
        public const int Listening = 3000;
        public const int TransferEnded = 3001;
        public const int Refused = 3002;
        public const int Retransmit = 3003;
        public const int Malformed = 3004;
        public const int TransferFailed = 3005;
        public const int ReceiveFailed = 3006;
        public const int IgnoredOnListener = 3007;
        public const int DuplicateRequest = 3008;
        public const int Opened = 3009;
        public const int SendFailed = 3020;
        public const int Busy = 3021;
        public const int SourcePortZero = 3022;
        public const int ReceiveBuffer = 3023;
        public const int ReceiveError = 3024;
        public const int BurstReleased = 3025;
    }

    /// <summary>4xxx: the HTTP service.</summary>
    internal static class Http
    {
        public const int Listening = 4000;
        public const int Served = 4001;
        public const int Opened = 4002;
        public const int AdminTokenCreated = 4100;
        public const int AdminTokenRead = 4101;
        public const int ApiRefused = 4102;
        public const int ApiChanged = 4103;
        public const int ApiChangeRefused = 4104;
        public const int AdminTokenNone = 4105;
    }

    /// <summary>5xxx: boot planning: the configuration file and its plan, GRUB netboot images, the boot API.</summary>
    internal static class Boot
    {
        public const int PlanWatching = 5000;
        public const int PlanReloaded = 5001;
        public const int PlanEditRefused = 5002;
        public const int PlanKeptOld = 5003;
        public const int PlanNeedsRestart = 5004;
        public const int PlanAppliedLive = 5005;
        public const int BootOnceUsed = 5006;
        public const int GrubNetbootBuilt = 5100;
        public const int GrubNetbootReused = 5101;
        public const int GrubNetbootUnavailable = 5102;
        public const int GrubNetbootBuildFailed = 5103;
        public const int GrubNetbootStaleRemoved = 5104;
        public const int BootApiAnswered = 5200;
        public const int BootApiFellBack = 5201;
        public const int IsoIndexed = 5300;
        public const int IsoRefused = 5301;
        public const int IsoIndexUnwritable = 5302;
        public const int IsoIndexUnreadable = 5303;
        public const int IsoWatching = 5304;
        public const int IsoLibraryChanged = 5305;
        public const int IsoScanFailed = 5306;
    }

    /// <summary>6xxx: storage (the lease database).</summary>
    internal static class Storage
    {
        public const int LeaseDatabaseOpened = 6000;
        public const int LeaseDatabaseMigrated = 6001;
        public const int LeaseRowSkipped = 6002;
        public const int LeasesLoaded = 6003;
        public const int LeaseCommitFailed = 6004;
        public const int LeaseDatabaseClosed = 6005;
        public const int LeaseDatabaseCloseFailed = 6006;
        public const int TimelineOpened = 6100;
        public const int TimelineWriteFailed = 6101;
    }

    /// <summary>7xxx: hosting: who the process runs as, and the supervision of its services.</summary>
    internal static class Hosting
    {
        public const int ServiceFaulted = 7000;
        public const int ServiceRestarted = 7001;
        public const int ServiceGaveUp = 7002;
        public const int ServiceRestartFailed = 7003;
        public const int RunningAs = 7004;
    }
}
