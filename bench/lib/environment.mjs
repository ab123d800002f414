// What every measured command runs with. NODE_EXTRA_CA_CERTS (set machine-wide on some CI and sandbox
// images) makes every Node start parse a certificate bundle: ~40 ms of CPU each (`node -e 0` 0.03 s →
// 0.07 s here), paid by the scanner and by none of the floors but Node's. No scan makes a TLS request
// (verification is not benchmarked here), so it is left out for every command, floors included.
delete process.env.NODE_EXTRA_CA_CERTS;
