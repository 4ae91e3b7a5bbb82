using System.Buffers;
using System.Net.Sockets;
using PxeHost.Files;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

internal sealed partial class TftpTransferSession
{
    /// <summary>Drives a <see cref="TftpReadTransfer"/> over a connected socket.</summary>
    private sealed class TransferLoop(
        Socket socket,
        OpenedFile content,
        TftpTransferParameters parameters,
        TftpReadTransfer machine,
        RetransmitTimer timer,
        TftpTransferSession session)
    {
        private readonly TimeProvider _time = session._time;
        private readonly UdpSegmentation _segmentation = UdpSegmentation.Enable(socket, TftpPacketCodec.DataHeaderLength + parameters.BlockSize, parameters.WindowSize);

        /// <summary>
        /// What a client sends a transfer is an ACK (4 bytes) or an ERROR (a message of a few dozen
        /// bytes); a pooled buffer of an Ethernet frame's size keeps a stalled transfer small.
        /// </summary>
        private const int ReceiveBufferBytes = 1500;

        private byte[] _packet = [];
        private long _startedAt;
        private bool _answered;
        private long _sentAt;
        private bool _retransmitted;
        private long _lastSentBlock;
        private byte[]? _optionAck;

        public async Task<Result> RunAsync(CancellationToken cancellationToken)
        {
            var step = machine.Start();
            _startedAt = _time.GetTimestamp();
            using var receiver = new TimedReceiver(socket, _time, cancellationToken);
            var receive = ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
            try
            {
                return await RunAsync(step, receiver, receive, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(receive);
            }
        }

        private async Task<Result> RunAsync(TftpTransferStep step, TimedReceiver receiver, byte[] receive, CancellationToken cancellationToken)
        {
            while (true)
            {
                switch (step.Kind)
                {
                    case TftpTransferStepKind.Completed:
                        return Finish(TftpTransferOutcome.Completed, string.Empty);
                    case TftpTransferStepKind.GaveUp when _lastSentBlock == machine.TotalBlocks:
                        return Finish(TftpTransferOutcome.Unconfirmed, "final ACK not received");
                    case TftpTransferStepKind.GaveUp:
                        return Finish(TftpTransferOutcome.TimedOut, $"no ACK after {session._options.MaxRetries} retries");
                    case TftpTransferStepKind.SendOptionAck:
                    case TftpTransferStepKind.SendBlocks:
                        Send(step);
                        break;
                }

                // After the last retransmission, wait two timeouts: clients such as atftp answer a
                // duplicate block only once and then wait for their own timer, which each duplicate
                // we send restarts; giving up at the same moment races their final ACK.
                var wait = machine.OnLastRetry ? timer.Current * 2 : timer.Current;
                var remaining = wait - _time.GetElapsedTime(_sentAt);
                var firstAckLeft = _answered ? TimeSpan.MaxValue : session._options.FirstAckTimeout - _time.GetElapsedTime(_startedAt);
                if (firstAckLeft <= remaining)
                {
                    remaining = firstAckLeft;
                }

                int received;
                try
                {
                    received = await receiver.ReceiveAsync(receive, remaining).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return Finish(TftpTransferOutcome.Cancelled, "the server is stopping");
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    // ICMP port unreachable: the client left. After the last block it left with
                    // the whole file and only its final ACK was lost (curl and tftp do not linger).
                    return _lastSentBlock == machine.TotalBlocks
                        ? Finish(TftpTransferOutcome.Unconfirmed, "final ACK lost; the client has left")
                        : Finish(TftpTransferOutcome.ClientGone, "port unreachable");
                }

                if (received < 0 && !_answered && _time.GetElapsedTime(_startedAt) >= session._options.FirstAckTimeout)
                {
                    return Finish(TftpTransferOutcome.TimedOut, $"no ACK {session._options.FirstAckTimeout.TotalSeconds:0.#} s after the first packet");
                }

                if (received < 0)
                {
                    timer.OnTimeout();
                    step = machine.OnTimeout();
                    if (step.Kind is TftpTransferStepKind.SendBlocks or TftpTransferStepKind.SendOptionAck)
                    {
                        TftpLog.Retransmit(session._logger, session._label, session._shownName,
                            (long)_time.GetElapsedTime(_sentAt).TotalMilliseconds,
                            step.Kind == TftpTransferStepKind.SendOptionAck ? "the OACK" : $"block {step.FirstBlock}",
                            machine.Retransmits);
                    }

                    continue;
                }

                // A datagram that fills the buffer may have been cut short: nothing a client sends a
                // transfer (an ACK, an ERROR) comes near that size.
                var outcome = received == receive.Length
                    ? Malformed(TftpParseError.PayloadTooLarge, ref step)
                    : OnPacket(receive.AsSpan(0, received), ref step);
                if (outcome is not null)
                {
                    return outcome.Value;
                }
            }
        }

        private Result? OnPacket(ReadOnlySpan<byte> datagram, ref TftpTransferStep step)
        {
            if (!TftpPacketCodec.TryParse(datagram, out var packet, out var error))
            {
                return Malformed(error, ref step);
            }

            if (packet is TftpAckPacket or TftpErrorPacket)
            {
                session.HasHeardFromClient = true;
            }

            if (packet is TftpErrorPacket)
            {
                session._capture?.Received(datagram);
            }

            switch (packet)
            {
                case TftpAckPacket ack:
                    var before = machine.AcknowledgedBlocks;
                    var wasAwaitingOack = machine.AwaitingOptionAck;
                    step = machine.OnAck(ack.Block);
                    var progressed = machine.AcknowledgedBlocks > before || (wasAwaitingOack && !machine.AwaitingOptionAck);
                    if (progressed && !_retransmitted)
                    {
                        timer.OnSample(_time.GetElapsedTime(_sentAt));
                    }

                    if (progressed)
                    {
                        session._capture?.Ack(step.Kind == TftpTransferStepKind.Completed, datagram);
                        _answered = true;
                        session.OnProgress(Math.Min(machine.AcknowledgedBlocks * machine.BlockSize, content.Length), content.Length);
                    }

                    return null;
                case TftpErrorPacket clientError when machine.AwaitingOptionAck && parameters.RequestedTransferSize:
                    return Finish(TftpTransferOutcome.SizeProbe, $"client read tsize then sent error {(int)clientError.Code}; normal for UEFI and iPXE");
                case TftpErrorPacket clientError:
                    return Finish(TftpTransferOutcome.ClientAborted, $"client error {(int)clientError.Code}: {clientError.Message}");
                default:
                    step = TftpTransferStep.Wait;
                    return null;
            }
        }

        private Result? Malformed(TftpParseError error, ref TftpTransferStep step)
        {
            session._services.Metrics.TftpMalformed();
            TftpLog.Malformed(session._logger, session._client, error);
            step = TftpTransferStep.Wait;
            return null;
        }

        private void Send(TftpTransferStep step)
        {
            _sentAt = _time.GetTimestamp();
            _retransmitted = step.IsRetransmit;
            if (step.Kind == TftpTransferStepKind.SendOptionAck)
            {
                _optionAck ??= TftpPacketCodec.ToArray(new TftpOptionAckPacket(parameters.AcceptedOptions));
                socket.Send(_optionAck);
                session._capture?.OptionAck(_optionAck);
                return;
            }

            // Blocks are laid end to end, up to SegmentsPerSend per send; only the file's last block
            // can be short, and it always ends a window, so every segment but the last is full size.
            // Rented per send, not held: a transfer stalled on a blksize 65464 client would otherwise keep 64 KiB.
            // A send that throws ends the transfer and leaves its buffer to the collector.
            _packet = ArrayPool<byte>.Shared.Rent(_segmentation.SegmentsPerSend * (TftpPacketCodec.DataHeaderLength + parameters.BlockSize));
            var used = 0;
            var inBatch = 0;
            var last = step.FirstBlock + step.Count - 1;
            for (var block = step.FirstBlock; block <= last; block++)
            {
                var (offset, length) = machine.GetBlockRange(block);
                var packet = _packet.AsSpan(used);
                TftpPacketCodec.WriteDataHeader(packet, (ushort)block);
                content.Read(offset, packet.Slice(TftpPacketCodec.DataHeaderLength, length));
                session._capture?.Data(block, machine.TotalBlocks, packet[..(TftpPacketCodec.DataHeaderLength + length)]);
                used += TftpPacketCodec.DataHeaderLength + length;
                if (++inBatch >= _segmentation.SegmentsPerSend || block == last)
                {
                    _segmentation.Send(_packet.AsSpan(0, used));
                    used = 0;
                    inBatch = 0;
                }
            }

            ArrayPool<byte>.Shared.Return(_packet);
            _packet = [];
            _lastSentBlock = last;
        }

        private Result Finish(TftpTransferOutcome outcome, string reason)
        {
            var bytes = Math.Min(machine.AcknowledgedBlocks * machine.BlockSize, content.Length);
            return new Result(outcome, reason, bytes, parameters.BlockSize, parameters.WindowSize, machine.Retransmits, timer.Current, content.Length);
        }
    }
}
