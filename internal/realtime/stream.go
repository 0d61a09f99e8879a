package realtime

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// PocketBase's connect handler holds an event stream for as long as it
// is open with what it needed to open it: its goroutine, parked 16 KB
// deep in the middleware chain, net/http's 4 KB read and write buffers
// and its background reader — some 44 KB a connection, 440 MB for a city
// before any garbage. Once the stream is open (the request authorised,
// the headers decided, the OnRealtimeConnectRequest hooks run), a stream
// takes the connection over (http.Hijacker) and keeps only the socket, a
// reader goroutine that notices the client leaving (2 KB), PocketBase's
// client and the request for the OnRealtimeMessageSend hooks. The bytes
// on the wire are what net/http would send: the same head, chunked
// event frames, the same events (PB_CONNECT, then
// subscriptions.Message.WriteSSE through the OnRealtimeMessageSend
// hooks), the same idle and maximum lifetimes. Where a connection cannot
// be taken over (HTTP/2), PocketBase keeps it.
type stream struct {
	subscriptions.Client // PocketBase's: id, store, subscriptions

	conn        net.Conn
	app         core.App
	event       *core.RequestEvent // what the OnRealtimeMessageSend hooks see
	idleTimeout time.Duration

	mu      sync.Mutex // one message at a time
	frame   bytes.Buffer
	closed  bool
	idle    *time.Timer
	life    *time.Timer
	onClose func()
}

// streamWriteTimeout bounds one message's write: a client that reads
// nothing for that long is gone.
const streamWriteTimeout = 10 * time.Second

var errStreamClosed = errors.New("realtime: stream closed")

// takeOver opens e's event stream on the hijacked connection; false when
// the connection cannot be taken over and PocketBase's handler must go on.
func (d *delivery) takeOver(e *core.RealtimeConnectRequestEvent) bool {
	if !e.Request.ProtoAtLeast(1, 1) || e.Request.ProtoMajor != 1 {
		return false
	}
	conn, _, err := http.NewResponseController(e.Response).Hijack()
	if err != nil {
		return false
	}
	head := e.Response.Header().Clone()
	head.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	head.Set("Transfer-Encoding", "chunked")
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 200 OK\r\n")
	head.Write(&b)
	b.WriteString("\r\n")
	conn.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
	if _, err := conn.Write(b.Bytes()); err != nil {
		conn.Close()
		return true
	}

	ctx, cancel := context.WithCancel(context.Background())
	s := &stream{Client: e.Client, conn: conn, app: e.App, idleTimeout: e.IdleTimeout}
	s.event = &core.RequestEvent{App: e.App, Auth: e.Auth}
	s.event.Request = e.Request.WithContext(ctx)
	s.event.Response = (*streamWriter)(s)
	broker := e.App.SubscriptionsBroker()
	s.onClose = func() {
		cancel()
		broker.Unregister(s.Id())
		d.idx.disconnect(s.Id())
	}
	e.Client = s

	s.mu.Lock() // the timers may not close s before they are set
	s.idle = time.AfterFunc(e.IdleTimeout, s.close)
	s.life = time.AfterFunc(e.MaxTimeout, s.close)
	s.mu.Unlock()
	d.idx.connect(s)
	broker.Register(s)
	s.Send(subscriptions.Message{Name: "PB_CONNECT", Data: []byte(`{"clientId":"` + s.Id() + `"}`)})
	go s.watch()
	return true
}

// Send writes m as PocketBase's connect loop does, through the
// OnRealtimeMessageSend hooks; a failed write ends the stream.
func (s *stream) Send(m subscriptions.Message) {
	if s.IsDiscarded() {
		return
	}
	if err := s.write(m); err != nil {
		s.close()
	}
}

func (s *stream) write(m subscriptions.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errStreamClosed
	}
	e := &core.RealtimeMessageEvent{RequestEvent: s.event, Client: s, Message: &m}
	err := s.app.OnRealtimeMessageSend().Trigger(e, func(e *core.RealtimeMessageEvent) error {
		if err := e.Message.WriteSSE(e.Response, e.Client.Id()); err != nil {
			return err
		}
		return e.Flush()
	})
	if err == nil {
		err = s.flush() // what a hook wrote without flushing
	}
	if err == nil {
		s.idle.Reset(s.idleTimeout)
	}
	return err
}

// flush sends what the current message wrote as one chunk. s.mu is held.
func (s *stream) flush() error {
	if s.frame.Len() == 0 {
		return nil
	}
	data := s.frame.Bytes()
	chunk := make([]byte, 0, len(data)+16)
	chunk = strconv.AppendInt(chunk, int64(len(data)), 16)
	chunk = append(chunk, "\r\n"...)
	chunk = append(append(chunk, data...), "\r\n"...)
	s.frame = bytes.Buffer{} // kept empty: ten thousand idle streams hold no buffer
	s.conn.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
	_, err := s.conn.Write(chunk)
	return err
}

// watch reads until the client closes the connection (a client sends
// nothing after its request).
func (s *stream) watch() {
	var b [1]byte
	for {
		if _, err := s.conn.Read(b[:]); err != nil {
			s.close()
			return
		}
	}
}

// close ends the stream: the last chunk, the socket, the broker's and the
// index's entries. It is safe to call more than once, from anywhere but
// inside write.
func (s *stream) close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.idle.Stop()
	s.life.Stop()
	s.conn.SetWriteDeadline(time.Now().Add(time.Second))
	s.conn.Write([]byte("0\r\n\r\n"))
	s.conn.Close()
	s.mu.Unlock()
	s.onClose()
}

// streamWriter is the http.ResponseWriter of the OnRealtimeMessageSend
// hooks: writes gather in the current message's frame, Flush sends it.
type streamWriter stream

func (w *streamWriter) Header() http.Header         { return http.Header{} }
func (w *streamWriter) WriteHeader(int)             {}
func (w *streamWriter) Write(p []byte) (int, error) { return w.frame.Write(p) }
func (w *streamWriter) Flush()                      { (*stream)(w).flush() }
func (w *streamWriter) FlushError() error           { return (*stream)(w).flush() }

// closeStreams ends every stream, when the app terminates: net/http's
// shutdown no longer knows the connections.
func (d *delivery) closeStreams() {
	d.idx.mu.RLock()
	var streams []*stream
	for _, c := range d.idx.conns {
		if s, ok := c.client.(*stream); ok {
			streams = append(streams, s)
		}
	}
	d.idx.mu.RUnlock()
	for _, s := range streams {
		s.close()
	}
}
